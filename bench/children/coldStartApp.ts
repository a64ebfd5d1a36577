import '../../localhost/useFunctionsCore';
import { loadApp } from '../support/loadApp';

/** Cold start of the app: a fresh process loads every compiled entry point and registers every function. */
const registered = loadApp();
process.stdout.write(`${JSON.stringify({ ms: performance.now(), functions: registered.size })}\n`);
