import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { LIVE_PLATFORM_AUDIENCE } from '../../sandbox/identities';
import { startSandbox, type SandboxHandle } from '../../sandbox/server';
import { startAzurite, type AzuriteHandle } from './azurite';

/**
 * Starts one sandbox (Live Platform, managed identity endpoint, Entra authority) and one
 * in-memory Azurite for the whole jest run, and publishes where they are through process.env
 * before any worker starts: workers are fresh processes that inherit it.
 */

export interface TestGlobals {
  sandbox?: SandboxHandle;
  azurite?: AzuriteHandle;
  stateDir?: string;
}

const GLOBALS_KEY = '__ocNumbersTestGlobals__';

/** globalSetup and globalTeardown run in the same process, so globalThis carries the handles. */
export function testGlobals(): TestGlobals {
  const holder = globalThis as unknown as Record<string, TestGlobals | undefined>;
  holder[GLOBALS_KEY] ??= {};
  return holder[GLOBALS_KEY];
}

export default async function globalSetup(): Promise<void> {
  // The code under test loads the SDK bundles from dist/sdk/: built from the entries as they are now,
  // so a plain `npx jest`, the chaos suites and an edited entry all test what `npm run build` would ship.
  execFileSync(process.execPath, [path.resolve(__dirname, '../../scripts/bundle-sdks.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const globals = testGlobals();
  globals.stateDir = await mkdtemp(path.join(os.tmpdir(), 'oc-numbers-sandbox-'));
  let sandbox: SandboxHandle | undefined;
  let azurite: AzuriteHandle | undefined;
  try {
    sandbox = await startSandbox({ stateDir: globals.stateDir });
    azurite = await startAzurite();
  } catch (error) {
    // jest runs no teardown after a failed setup: stop what did start.
    await Promise.allSettled([sandbox?.close(), azurite?.stop()]);
    throw error;
  }
  globals.sandbox = sandbox;
  globals.azurite = azurite;

  // Other ways of reaching a managed identity would take precedence over (or confuse) the
  // App Service endpoint below; a developer shell may have them set.
  for (const name of ['IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_FEDERATED_TOKEN_FILE']) {
    delete process.env[name];
  }

  Object.assign(process.env, {
    NODE_EXTRA_CA_CERTS: sandbox.caCertPath,
    LIVE_PLATFORM_BASE_URL: sandbox.liveBaseUrl,
    LIVE_PLATFORM_SCOPE: `${LIVE_PLATFORM_AUDIENCE}/.default`,
    LIVE_PLATFORM_AUTH: 'managed-identity',
    IDENTITY_ENDPOINT: sandbox.identityEndpoint,
    IDENTITY_HEADER: sandbox.identityHeader,
    LIVE_PLATFORM_AUTHORITY_HOST: sandbox.authorityHost,
    LIVE_PLATFORM_TENANT_ID: sandbox.app.tenantId,
    LIVE_PLATFORM_CLIENT_ID: sandbox.app.clientId,
    LIVE_PLATFORM_CLIENT_SECRET: sandbox.app.clientSecret,
    SnapshotStorage: azurite.connectionString,
    // The suite's files run in parallel workers on one Azurite: a shared rate budget would couple
    // them. The shared budget's own tests ask for it (LIVE_PLATFORM_BUDGET=shared).
    LIVE_PLATFORM_BUDGET: 'instance',
    SANDBOX_CONTROL_URL: sandbox.liveBaseUrl,
    SANDBOX_EVENT_GRID_ENDPOINT: sandbox.eventGridEndpoint,
    SANDBOX_EVENT_GRID_CONTROL_URL: sandbox.eventGridControlUrl,
    SECRET_SCAN_DIR: path.join(globals.stateDir, 'secret-scan'),
  });

  await trustSandboxCaInThisProcess(sandbox.caCertPath);
}

/**
 * NODE_EXTRA_CA_CERTS is read once, at process start: it reaches the worker processes, but
 * jest runs tests in this very process when it thinks that is faster (one test file, or few
 * fast ones). For that case, contexts created here without an explicit `ca` also trust the
 * sandbox certificate, which is what NODE_EXTRA_CA_CERTS would have done.
 */
async function trustSandboxCaInThisProcess(caCertPath: string): Promise<void> {
  const pem = await readFile(caCertPath, 'utf8');
  const original = tls.createSecureContext;
  tls.createSecureContext = function createSecureContextTrustingSandbox(options?: tls.SecureContextOptions) {
    const context = original(options);
    if (options?.ca === undefined) {
      (context.context as { addCACert(cert: string): void }).addCACert(pem);
    }
    return context;
  };
}
