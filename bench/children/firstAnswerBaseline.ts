import '../../localhost/useFunctionsCore';
import { app, type HttpHandler } from '@azure/functions';
import { registeredFunctions } from '../../localhost/functionsCore';
import { invocationArrives, invokeHttp } from '../support/invokeHandler';
import { registeredHandler } from '../support/loadApp';

/** The least a Functions app costs to its first answer: `@azure/functions` alone, one HTTP function answering one request. */
app.http('ping', { methods: ['GET'], authLevel: 'anonymous', handler: async () => ({ body: '{"value":[]}' }) });

async function main(): Promise<void> {
  await invocationArrives();
  await invokeHttp(registeredHandler<HttpHandler>('ping'), 'ping', {});
  process.stdout.write(`${JSON.stringify({ ms: performance.now(), functions: registeredFunctions().size })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
