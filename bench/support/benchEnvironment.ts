import { childScript, startJsonChild, stopChild } from './childProcess';

export interface SandboxEndpoints {
  liveBaseUrl: string;
  identityEndpoint: string;
  identityHeader: string;
  audience: string;
  /** The Event Grid stand-in (https, with the sandbox's own CA). */
  eventGridEndpoint: string;
  /** The Entra stand-in (https, the sandbox's CA) that also issues caller tokens. */
  authorityHost: string;
  caCertPath: string;
  directoryTenantId: string;
}

export interface BenchEnvironment {
  sandbox: SandboxEndpoints;
  /** The app settings every case starts from (test/support/globalSetup.ts sets the same ones). */
  appEnv: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The sandbox Live Platform on loopback, in a process of its own, and the app's settings for it.
 * Storage is not here: every snapshot measurement starts an empty Azurite of its own (freshStorage.ts).
 */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  // Other ways of reaching a managed identity would take precedence over the sandbox's endpoint.
  for (const name of ['IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_FEDERATED_TOKEN_FILE']) delete process.env[name];
  const { child, ready: sandbox } = await startJsonChild<SandboxEndpoints>(childScript('sandbox'), process.env);
  const appEnv: Record<string, string> = {
    LIVE_PLATFORM_BASE_URL: sandbox.liveBaseUrl,
    LIVE_PLATFORM_SCOPE: `${sandbox.audience}/.default`,
    LIVE_PLATFORM_AUTH: 'managed-identity',
    IDENTITY_ENDPOINT: sandbox.identityEndpoint,
    IDENTITY_HEADER: sandbox.identityHeader,
    // The bench measures cost, not the documented 10-per-10-s budget.
    LIVE_PLATFORM_RATE_LIMIT: '10000',
    // Each write measurement gets an Azurite of its own; the shared budget would stay bound to the
    // first one's table for the process's life. The budget has its own chaos suite ('Shared budget').
    LIVE_PLATFORM_BUDGET: 'instance',
    // The memory case may measure past the 128 MiB default limit (BENCH_MEMORY_NUMBERS).
    LIVE_PLATFORM_MAX_RESPONSE_BYTES: String(512 * 1024 * 1024),
    LIVE_PLATFORM_TIMEOUT_MS: '120000',
  };
  return {
    sandbox,
    appEnv,
    stop: () => stopChild(child),
  };
}
