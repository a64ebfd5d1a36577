import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../../sandbox/server';

/**
 * The sandbox Live Platform in a process of its own: serving a 100 MB body costs CPU that must not be
 * charged to the handler (or to the pass-through baseline) measured in the bench process.
 * Prints where it listens as one JSON line, and stops on SIGTERM.
 */
async function main(): Promise<void> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'oc-numbers-bench-sandbox-'));
  const sandbox = await startSandbox({ stateDir });
  process.once('SIGTERM', () => {
    void sandbox
      .close()
      .then(() => rm(stateDir, { recursive: true, force: true }))
      .finally(() => process.exit(0));
  });
  process.stdout.write(
    `${JSON.stringify({ liveBaseUrl: sandbox.liveBaseUrl, identityEndpoint: sandbox.identityEndpoint, identityHeader: sandbox.identityHeader, audience: sandbox.audience, authorityHost: sandbox.authorityHost, eventGridEndpoint: sandbox.eventGridEndpoint, caCertPath: sandbox.caCertPath, directoryTenantId: sandbox.app.tenantId })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox failed to start: ${String(error)}\n`);
  process.exit(1);
});
