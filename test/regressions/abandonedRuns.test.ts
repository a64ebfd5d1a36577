import { manualRunId } from '../../shared/snapshots/runIds';
import { outcomePartition, runPartition, zeroCounts, type OutcomeEntity, type RunEntity } from '../../shared/snapshots/runRows';
import { ensureSnapshotTables, appSnapshotTables } from '../../shared/storage/snapshotTables';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { uniqueTenantId } from '../support/sandboxControl';

/**
 * Regression found by npm run chaos (storage faults): a run could stay `running` forever.
 * - The host's last delivery of a tenant's message died while storage was unavailable (or its
 *   process ended): no delivery is left to record the outcome, the message is in the poison queue,
 *   and the outcome row written at the start of the delivery says `running` for good.
 * - requestTenantSnapshot wrote the run row, then could not enqueue the message (queue storage
 *   unavailable): the caller got a 500, the run row stays without tenants' outcomes for good.
 * listSnapshotRuns must report both as failed once no worker can still finish them.
 * Fixed in shared/snapshots/runStatus.ts and readRuns.ts (issue 7); this keeps it fixed.
 */

const hours = (n: number) => new Date(Date.now() - n * 3_600_000);

async function writeRun(runId: string, startedAt: Date, extra: Partial<RunEntity>): Promise<void> {
  const tables = appSnapshotTables();
  await ensureSnapshotTables(tables);
  const run: RunEntity = { partitionKey: runPartition, rowKey: runId, kind: 'run', runId, trigger: 'manual', startedAt, tenantCount: 1, ...extra };
  await tables.runs.upsertEntity(run, 'Replace');
}

async function writeRunningOutcome(runId: string, msTenantId: string, startedAt: Date): Promise<void> {
  const outcome: OutcomeEntity = {
    partitionKey: outcomePartition(runId),
    rowKey: msTenantId,
    kind: 'tenantOutcome',
    runId,
    msTenantId,
    status: 'running',
    attempts: 5,
    startedAt,
    error: 'Table Storage could not be reached',
    ...zeroCounts(),
  };
  await appSnapshotTables().runs.upsertEntity(outcome, 'Replace');
}

async function listed(runId: string) {
  const response = await invokeHttp('listSnapshotRuns', `snapshot-runs?runId=${runId}`);
  expect(response.status).toBe(200);
  return response.json<{ value: { status: string; error: string | null; tenants: { status: string; error: string | null }[] }[] }>().value[0];
}

beforeEach(() => useSettings());

describe('no run is left running forever', () => {
  test('a tenant whose last delivery died with storage down is reported failed once the host has given up', async () => {
    const runId = manualRunId(hours(3).getTime());
    const msTenantId = uniqueTenantId();
    await writeRun(runId, hours(3), { enqueuedAt: hours(3) });
    await writeRunningOutcome(runId, msTenantId, hours(3));
    const run = await listed(runId);
    expect(run?.status).toBe('failed');
    expect(run?.tenants[0]?.status).toBe('failed');
    expect(run?.tenants[0]?.error).toMatch(/No outcome was recorded/);
  });

  test('a run whose message was never enqueued is reported failed after the dispatch deadline', async () => {
    const runId = manualRunId(hours(1).getTime());
    await writeRun(runId, hours(1), {});
    const run = await listed(runId);
    expect(run?.status).toBe('failed');
    expect(run?.error).toMatch(/never dispatched/);
  });

  test('a tenant still within its deliveries, and a dispatch still under way, stay running', async () => {
    const runId = manualRunId(Date.now());
    await writeRun(runId, hours(0.2), { enqueuedAt: hours(0.2) });
    await writeRunningOutcome(runId, uniqueTenantId(), hours(0.2));
    expect((await listed(runId))?.status).toBe('running');
    const dispatching = manualRunId(Date.now() - 60_000);
    await writeRun(dispatching, new Date(Date.now() - 60_000), {});
    expect((await listed(dispatching))?.status).toBe('running');
  });
});
