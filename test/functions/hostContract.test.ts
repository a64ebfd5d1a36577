import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadFunctionApp, functionsFolder } from '../support/loadFunctionApp';
import { registeredHooks } from '../../localhost/functionsCore';
import { lateLoad } from '../../shared/runtime/lateLoad';

const repoRoot = path.resolve(__dirname, '../..');

// docs/api.md "Functions": names, routes, methods and auth levels are the public contract.
const httpContract = [
  { name: 'getTenantNumbers', route: 'tenants/{msTenantId}/numbers', methods: ['GET'], authLevel: 'function' },
  { name: 'getTenantNumber', route: 'tenants/{msTenantId}/numbers/{telephoneNumber}', methods: ['GET'], authLevel: 'function' },
  { name: 'getOcNumbers', route: 'v2/oc/numbers', methods: ['GET'], authLevel: 'function' },
  { name: 'getTenantNumberChanges', route: 'tenants/{msTenantId}/changes', methods: ['GET'], authLevel: 'function' },
  { name: 'requestTenantSnapshot', route: 'tenants/{msTenantId}/snapshots', methods: ['POST'], authLevel: 'function' },
  { name: 'listSnapshotRuns', route: 'snapshot-runs', methods: ['GET'], authLevel: 'function' },
  { name: 'listChanges', route: 'changes', methods: ['GET'], authLevel: 'function' },
  { name: 'pollChanges', route: 'changes/poll', methods: ['GET'], authLevel: 'function' },
  { name: 'findNumber', route: 'numbers/{telephoneNumber}', methods: ['GET'], authLevel: 'function' },
  { name: 'listOperatorNumbers', route: 'numbers', methods: ['GET'], authLevel: 'function' },
  { name: 'listTenants', route: 'tenants', methods: ['GET'], authLevel: 'function' },
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

/** What the host would see from a worker started with this CALLER_AUTH: a fresh module registry, so registration runs again. */
function registeredWith(
  callerAuth: string | undefined,
): ReadonlyMap<string, { metadata: { bindings: Record<string, { type: string; direction: string; authLevel?: unknown }> } }> {
  const saved = process.env['CALLER_AUTH'];
  let functions: ReturnType<typeof loadFunctionApp> | undefined;
  try {
    if (callerAuth === undefined) delete process.env['CALLER_AUTH'];
    else process.env['CALLER_AUTH'] = callerAuth;
    jest.isolateModules(() => {
      functions = lateLoad<typeof import('../support/loadFunctionApp')>(require, '../support/loadFunctionApp')().loadFunctionApp();
    });
  } finally {
    if (saved === undefined) delete process.env['CALLER_AUTH'];
    else process.env['CALLER_AUTH'] = saved;
  }
  return functions as ReturnType<typeof loadFunctionApp>;
}

const publicNames = ['health', 'openApiDocument', 'swaggerDocument'];

describe('caller sign-in and host auth levels (docs/deploy.md "Caller sign-in")', () => {
  const authLevelsOf = (functions: ReturnType<typeof registeredWith>) =>
    Object.fromEntries(
      [...functions].flatMap(([name, fn]) =>
        Object.values(fn.metadata.bindings)
          .filter((b) => b.type === 'httpTrigger')
          .map((b) => [name, b.authLevel]),
      ),
    );

  it.each([[undefined], ['function-key']])('CALLER_AUTH=%s: protected routes register function, health and the documents anonymous', (mode) => {
    const levels = authLevelsOf(registeredWith(mode));
    expect(Object.keys(levels).length).toBeGreaterThanOrEqual(10);
    for (const [name, level] of Object.entries(levels)) expect({ name, level }).toEqual({ name, level: publicNames.includes(name) ? 'anonymous' : 'function' });
  });

  it.each([['entra'], ['Entra (misspelt: fails closed in the app, never open)']])(
    'CALLER_AUTH=%s: every HTTP route registers anonymous (the app checks the token)',
    (mode) => {
      const levels = authLevelsOf(registeredWith(mode.split(' ')[0]));
      expect(Object.keys(levels).length).toBeGreaterThanOrEqual(10);
      for (const [name, level] of Object.entries(levels)) expect({ name, level }).toEqual({ name, level: 'anonymous' });
    },
  );
});

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
