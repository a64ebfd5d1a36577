import '../../localhost/useFunctionsCore';
import type { HttpHandler } from '@azure/functions';
import { invocationArrives, invokeHttp } from '../support/invokeHandler';
import { loadApp, registeredHandler } from '../support/loadApp';

/**
 * Cold start to the first live answer: a fresh process loads and registers the whole app, then
 * answers one tenant lookup, which takes a managed-identity token from the sandbox and makes one
 * upstream call on loopback. The figure is performance.now() when the answer's bytes are ready.
 * The tenant comes as the first argument, so the sandbox's own modules are not loaded and charged here.
 */
async function main(): Promise<void> {
  const msTenantId = process.argv[2];
  if (!msTenantId) throw new Error('usage: firstAnswerApp <msTenantId>');
  const registered = loadApp();
  await invocationArrives();
  const body = await invokeHttp(registeredHandler<HttpHandler>('getTenantNumbers'), `tenants/${msTenantId}/numbers`, { msTenantId });
  const answered = performance.now();
  if (!body.toString('utf8').includes('"value"')) throw new Error('the lookup answered no numbers');
  process.stdout.write(`${JSON.stringify({ ms: answered, functions: registered.size })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
