import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startSandbox } from './server';
import { DRIFT_TENANT_ID, EMPTY_TENANT_ID, LEGACY_TENANT_CHANNEL_ID, LEGACY_TENANT_ID, MODERN_TENANT_ID, scaleTenantId } from './tenants';

/**
 * `npm run sandbox`: the sandbox on fixed ports for a local `func start`, matching
 * local.settings.sample.json (Live Platform and managed identity on 7171, authority on 7172,
 * Event Grid stand-in on 7173).
 */

const LOCAL_IDENTITY_HEADER = 'local-sandbox-identity-header';
/** Fixed so a developer can paste it into local.settings.json for the client-secret mode. */
const LOCAL_CLIENT_SECRET = 'local-sandbox-client-secret';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a port number (0-65535), got "${raw}"`);
  }
  return value;
}

async function main(): Promise<void> {
  const stateDir = path.resolve('.local', 'sandbox');
  const sandbox = await startSandbox({
    livePort: port('SANDBOX_PORT', 7171),
    authorityPort: port('SANDBOX_AUTHORITY_PORT', 7172),
    eventGridPort: port('SANDBOX_EVENT_GRID_PORT', 7173),
    stateDir,
    identityHeader: LOCAL_IDENTITY_HEADER,
    app: { clientSecret: LOCAL_CLIENT_SECRET },
  });
  // Other local tooling (npm start) reads where things are from here.
  const state = Object.fromEntries(Object.entries(sandbox).filter(([key]) => key !== 'close'));
  await writeFile(path.join(stateDir, 'sandbox.json'), `${JSON.stringify(state, null, 2)}\n`, 'utf8');

  const lines = [
    'OC Numbers sandbox (loopback only)',
    `  Live Platform   LIVE_PLATFORM_BASE_URL=${sandbox.liveBaseUrl}   (also ${sandbox.liveBaseUrl}/tenantui)`,
    `  Managed identity IDENTITY_ENDPOINT=${sandbox.identityEndpoint}  IDENTITY_HEADER=${sandbox.identityHeader}`,
    `  Entra authority LIVE_PLATFORM_AUTHORITY_HOST=${sandbox.authorityHost}`,
    `                  LIVE_PLATFORM_TENANT_ID=${sandbox.app.tenantId}`,
    `                  LIVE_PLATFORM_CLIENT_ID=${sandbox.app.clientId}`,
    `                  LIVE_PLATFORM_CLIENT_SECRET=${sandbox.app.clientSecret}`,
    `                  NODE_EXTRA_CA_CERTS=${sandbox.caCertPath}  (needed by the process that calls the authority)`,
    `  Event Grid      EVENT_GRID_TOPIC_ENDPOINT=${sandbox.eventGridEndpoint}  (control: ${sandbox.eventGridControlUrl}/events)`,
    `  Control API     ${sandbox.liveBaseUrl}/_sandbox/...`,
    '  Demo tenants (msTenantId):',
    `    ${LEGACY_TENANT_ID}  legacy records, 25 numbers, channel ${LEGACY_TENANT_CHANNEL_ID}`,
    `    ${MODERN_TENANT_ID}  newer records, 12 numbers`,
    `    ${DRIFT_TENANT_ID}  schema drift, 2 broken records`,
    `    ${EMPTY_TENANT_ID}  no numbers`,
    `    ${scaleTenantId(100000)}  scale: the last 12 digits are the number count`,
    'Ctrl+C stops it.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the sandbox\n`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
