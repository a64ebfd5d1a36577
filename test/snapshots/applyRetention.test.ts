import { randomUUID } from 'node:crypto';
import { odata } from '@azure/data-tables';
import { applyRetention } from '../../shared/snapshots/applyRetention';
import { manualRunId } from '../../shared/snapshots/runIds';
import { outcomePartition, runPartition, tenantStatePartition } from '../../shared/snapshots/runRows';
import { snapshotTenantNumbers, type FetchTenantNumbers } from '../../shared/snapshots/snapshotTenantNumbers';
import { listAllEntities } from '../../shared/storage/listAllEntities';
import type { SnapshotTables } from '../../shared/storage/snapshotTables';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { changeScenario } from './support/changeScenario';
import { changeRows, collectingLogger, tablesOn } from './support/snapshotHarness';
import { countingOptions, emptyRequestCounts } from './support/tableRequestCounter';

const upstream = new Map<string, Record<string, unknown>[]>();
const fetchFromMap: FetchTenantNumbers = async (msTenantId) => structuredClone(upstream.get(msTenantId) ?? []);
const dayMs = 86_400_000;

let azurite: AzuriteHandle;
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(async () => azurite?.stop());

async function snapshot(tables: SnapshotTables, msTenantId: string): Promise<string> {
  const runId = manualRunId(Date.now());
  await snapshotTenantNumbers(
    { tables, fetchTenantNumbers: fetchFromMap, schemaMode: 'report', maxRemovalRatio: 0.5, log: collectingLogger() },
    { runId, msTenantId, channelId: null, force: false, correlationId: runId },
  );
  // The run's row and its tenant's outcome, as the scheduler and the queue worker write them.
  await tables.runs.upsertEntity({ partitionKey: runPartition, rowKey: runId, kind: 'run', runId, trigger: 'manual', startedAt: new Date() }, 'Replace');
  await tables.runs.upsertEntity({ partitionKey: outcomePartition(runId), rowKey: msTenantId, kind: 'tenantOutcome', status: 'succeeded' }, 'Replace');
  return runId;
}

const count = async (table: SnapshotTables[keyof SnapshotTables], filter?: string) => (await listAllEntities<object>(table, filter ? { filter } : {})).length;

describe('retention', () => {
  test('deletes change rows and runs older than their settings in batched transactions, and nothing of ocNumbers, the index or the tenant state', async () => {
    const tables = tablesOn(azurite.connectionString);
    const msTenantId = randomUUID();
    const { before, after } = changeScenario(msTenantId);
    upstream.set(msTenantId, before);
    const oldRun = await snapshot(tables, msTenantId);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const between = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    upstream.set(msTenantId, after);
    const newRun = await snapshot(tables, msTenantId);

    const numbers = await count(tables.numbers);
    const indexed = await count(tables.index);
    const states = await count(tables.runs, odata`PartitionKey eq ${tenantStatePartition}`);
    expect(await changeRows(tables, msTenantId)).toHaveLength(280);

    // Nothing is old yet; 0 keeps all whatever the age.
    expect(await applyRetention(tables, { changesRetentionDays: 400, runsRetentionDays: 90 }, collectingLogger())).toEqual({
      changes: 0,
      runs: 0,
      outcomes: 0,
    });
    expect(await applyRetention(tables, { changesRetentionDays: 0, runsRetentionDays: 0 }, collectingLogger(), Date.now() + 10_000 * dayMs)).toEqual({
      changes: 0,
      runs: 0,
      outcomes: 0,
    });

    const counts = emptyRequestCounts();
    const counted = tablesOn(azurite.connectionString, countingOptions(counts));
    const result = await applyRetention(counted, { changesRetentionDays: 400, runsRetentionDays: 400 }, collectingLogger(), between + 400 * dayMs);
    expect(result).toEqual({ changes: 150, runs: 1, outcomes: 1 });
    // 150 deletes in two transactions of one partition; the run's outcome and its row one each.
    expect(counts.changes).toMatchObject({ requests: 2, operations: 150 });
    expect(counts.numbers.requests + counts.index.requests).toBe(0);

    const left = await changeRows(tables, msTenantId);
    expect(left).toHaveLength(130);
    expect(left.every((change) => change.runId === newRun)).toBe(true);
    expect(await count(tables.runs, odata`PartitionKey eq ${runPartition}`)).toBe(1);
    expect(await count(tables.runs, odata`PartitionKey eq ${outcomePartition(oldRun)}`)).toBe(0);
    expect(await count(tables.runs, odata`PartitionKey eq ${outcomePartition(newRun)}`)).toBe(1);
    expect({
      numbers: await count(tables.numbers),
      indexed: await count(tables.index),
      states: await count(tables.runs, odata`PartitionKey eq ${tenantStatePartition}`),
    }).toEqual({ numbers, indexed, states });

    // A budget stops early; the next call goes on.
    expect(await applyRetention(tables, { changesRetentionDays: 1, runsRetentionDays: 0 }, collectingLogger(), Date.now() + 2 * dayMs, 100)).toMatchObject({
      changes: 100,
    });
    expect(await applyRetention(tables, { changesRetentionDays: 1, runsRetentionDays: 0 }, collectingLogger(), Date.now() + 2 * dayMs, 100)).toMatchObject({
      changes: 30,
    });
    expect(await count(tables.numbers)).toBe(numbers);
  });
});
