import Module from 'node:module';

/**
 * Outside the Functions host nothing provides `@azure/functions-core`. Jest maps the name to the
 * stand-in (localhost/functionsCore.ts, moduleNameMapper); plain `node` (the built-in local host,
 * the bench) gets the same stand-in through this resolve hook. Import this module before anything
 * that loads `@azure/functions`.
 */
const standIn = require.resolve('./functionsCore');

type ResolveFilename = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: ResolveFilename };
const resolveFilename = loader._resolveFilename;

loader._resolveFilename = function resolveWithStandIn(this: unknown, request: string, ...rest: unknown[]): string {
  return resolveFilename.call(this, request === '@azure/functions-core' ? standIn : request, ...rest);
};
