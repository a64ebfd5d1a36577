import '../../localhost/useFunctionsCore';
import { app } from '@azure/functions';
import { registeredFunctions } from '../../localhost/functionsCore';

/** The least a Functions app costs at start: `@azure/functions` alone registering one HTTP function. */
app.http('ping', { methods: ['GET'], authLevel: 'anonymous', handler: async () => ({ body: 'pong' }) });
process.stdout.write(`${JSON.stringify({ ms: performance.now(), functions: registeredFunctions().size })}\n`);
