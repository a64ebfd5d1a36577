import Module from 'node:module';

/**
 * Outside the Functions host nothing provides `@azure/functions-core`. Jest maps the name to the
 * suite's recorder (test/support/functionsCoreStandIn.ts, moduleNameMapper); plain `node` gets the
 * same recorder through this resolve hook, so the bench registers functions exactly as the tests do.
 * Import this module before anything that loads `@azure/functions`.
 */
const standIn = require.resolve('../../test/support/functionsCoreStandIn');

type ResolveFilename = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: ResolveFilename };
const resolveFilename = loader._resolveFilename;

loader._resolveFilename = function resolveWithStandIn(this: unknown, request: string, ...rest: unknown[]): string {
  return resolveFilename.call(this, request === '@azure/functions-core' ? standIn : request, ...rest);
};
