import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadFunctionApp, functionsFolder } from '../support/loadFunctionApp';
import { registeredHooks } from '../../localhost/functionsCore';

const repoRoot = path.resolve(__dirname, '../..');

// docs/api.md "Functions": names, routes, methods and auth levels are the public contract.
const httpContract = [
  { name: 'getTenantNumbers', route: 'tenants/{msTenantId}/numbers', methods: ['GET'], authLevel: 'function' },
  { name: 'getTenantNumber', route: 'tenants/{msTenantId}/numbers/{telephoneNumber}', methods: ['GET'], authLevel: 'function' },
  { name: 'getOcNumbers', route: 'v2/oc/numbers', methods: ['GET'], authLevel: 'function' },
  { name: 'getTenantNumberChanges', route: 'tenants/{msTenantId}/changes', methods: ['GET'], authLevel: 'function' },
  { name: 'requestTenantSnapshot', route: 'tenants/{msTenantId}/snapshots', methods: ['POST'], authLevel: 'function' },
  { name: 'listSnapshotRuns', route: 'snapshot-runs', methods: ['GET'], authLevel: 'function' },
  { name: 'health', route: 'health', methods: ['GET'], authLevel: 'anonymous' },
  { name: 'healthDeep', route: 'health/deep', methods: ['GET'], authLevel: 'function' },
  { name: 'openApiDocument', route: 'openapi.json', methods: ['GET'], authLevel: 'anonymous' },
  { name: 'swaggerDocument', route: 'swagger.json', methods: ['GET'], authLevel: 'anonymous' },
];

/** The timer and queue functions. */
const otherFunctions = ['snapshotScheduler', 'snapshotTenant'];

const registered = loadFunctionApp();
const triggerOf = (name: string) => {
  const bindings = Object.values(registered.get(name)?.metadata.bindings ?? {});
  return bindings.find((binding) => binding.direction === 'in' && /Trigger$/.test(binding.type));
};

describe('what the Functions host sees', () => {
  // Every function of the contract, registered or not: one that is missing fails here instead of being skipped.
  it.each(httpContract)('registers $name as $methods $route with auth $authLevel', (contract) => {
    expect(triggerOf(contract.name)).toMatchObject({
      type: 'httpTrigger',
      route: contract.route,
      methods: contract.methods,
      authLevel: contract.authLevel,
    });
  });

  it('registers every function of the contract', () => {
    expect([...registered.keys()].sort()).toEqual([...httpContract.map((c) => c.name), ...otherFunctions].sort());
  });

  it('registers nothing the contract does not name', () => {
    const contractNames = new Set([...httpContract.map((c) => c.name), ...otherFunctions]);
    expect([...registered.keys()].filter((name) => !contractNames.has(name))).toEqual([]);
  });

  it('uses the api route prefix, so every route is served under /api', () => {
    const host = JSON.parse(readFileSync(path.join(repoRoot, 'host.json'), 'utf8'));
    expect(host.extensions.http.routePrefix).toBe('api');
    expect(host.extensionBundle).toEqual({ id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' });
  });

  it('names settings problems at start-up through an appStart hook', () => {
    expect(registeredHooks('appStart')).toHaveLength(1);
  });

  it('points package.json main at the compiled file of every trigger file, one file per function named after it', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const tsconfig = JSON.parse(readFileSync(path.join(repoRoot, 'tsconfig.json'), 'utf8'));
    expect(manifest.main).toBe('dist/functions/*.js');
    expect(tsconfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: '.' });
    const sources = readdirSync(functionsFolder).filter((file) => file.endsWith('.ts'));
    // appStart.ts holds the start-up hook; every other file is one function.
    expect(sources.map((file) => file.replace(/\.ts$/, '')).sort()).toEqual(['appStart', ...registered.keys()].sort());
  });
});
