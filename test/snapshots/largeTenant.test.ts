import { odata } from '@azure/data-tables';
import { fromChangeEntity } from '../../shared/snapshots/changeEntity';
import { fromNumberEntity } from '../../shared/snapshots/numberEntity';
import { manualRunId } from '../../shared/snapshots/runIds';
import { listAllEntities } from '../../shared/storage/listAllEntities';
import { snapshotTenantNumbers } from '../../shared/snapshots/snapshotTenantNumbers';
import type { SnapshotTables } from '../../shared/storage/snapshotTables';
import { useSettings } from '../support/appState';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import type { NumberRecord } from '../support/sandboxControl';
import { generatedTenant, setRecords } from './support/sandboxTenants';
import { changeKeys, snapshotDeps, tablesOn } from './support/snapshotHarness';
import { countingOptions, emptyRequestCounts } from './support/tableRequestCounter';

// Its own Azurite: the emulator slows down as a partition grows, and the other suites need not wait for that.
let azurite: AzuriteHandle;
let tables: SnapshotTables;
const counts = emptyRequestCounts();

async function snapshot(msTenantId: string) {
  for (const table of Object.values(counts)) Object.assign(table, { requests: 0, operations: 0, reads: 0 });
  const runId = manualRunId(Date.now());
  return { runId, ...(await snapshotTenantNumbers(snapshotDeps(tables), { runId, msTenantId, channelId: null, force: false, correlationId: runId })) };
}

beforeAll(async () => {
  useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000', LIVE_PLATFORM_RETRIES: '0', LIVE_PLATFORM_TIMEOUT_MS: '60000' });
  azurite = await startAzurite();
  tables = tablesOn(azurite.connectionString, countingOptions(counts));
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
});

test('a 10,000-number tenant snapshots in full transactions, re-snapshots with no write, then records only its 200 changes', async () => {
  const { msTenantId, records } = await generatedTenant('legacy', 10_000);

  const first = await snapshot(msTenantId);
  expect(first.counts.added).toBe(10_000);
  // 10,000 rows per table in transactions of 100: exactly 100 requests each.
  expect(counts.numbers).toMatchObject({ requests: 100, operations: 10_000 });
  expect(counts.changes).toMatchObject({ requests: 100, operations: 10_000 });
  // ocNumberIndex: the tenant's consecutive numbers fill 100 blocks of 100, one transaction each.
  expect(counts.index).toMatchObject({ requests: 100, operations: 10_000 });

  const again = await snapshot(msTenantId);
  expect(again.counts.unchanged).toBe(10_000);
  expect(counts.numbers.requests + counts.changes.requests + counts.index.requests).toBe(0);
  // The answer's digest matched the one the first run stored: not even the 10 pages of the partition were read.
  expect(counts.numbers.reads).toBe(0);

  const changed = records.slice(0, 100).map((record): NumberRecord => ({ ...record, assignmentStatus: 'TestReassigned' }));
  const added = records.slice(0, 50).map((record, i): NumberRecord => ({ ...record, telephoneNumber: `+1999555${String(i).padStart(4, '0')}` }));
  await setRecords(msTenantId, [...changed, ...records.slice(100, 9_950), ...added]);
  const third = await snapshot(msTenantId);
  expect(counts.numbers.reads).toBeGreaterThanOrEqual(10);
  expect(third.counts).toEqual({ added: 50, changed: 100, released: 50, reactivated: 0, unchanged: 9_850, withheldReleases: 0 });
  expect(counts.numbers.operations).toBe(200);
  expect(counts.changes.operations).toBe(200);
  // The 200 rows are three blocks: the first 100 numbers, the last 50, the 50 new ones.
  expect(counts.index).toMatchObject({ requests: 3, operations: 200 });

  // Read back what run 3 did (the emulator scans the whole table per page, so not all 20,000 rows).
  const thirdChanges = await listAllEntities<Record<string, unknown>>(tables.changes, {
    filter: odata`PartitionKey eq ${msTenantId} and runId eq ${third.runId}`,
  });
  expect(changeKeys(thirdChanges.map(fromChangeEntity))).toEqual(
    [
      ...changed.map((r) => `changed ${String(r['telephoneNumber'])}`),
      ...records.slice(9_950).map((r) => `released ${String(r['telephoneNumber'])}`),
      ...added.map((r) => `added ${String(r['telephoneNumber'])}`),
    ].sort(),
  );
  const released = await listAllEntities(tables.numbers, { filter: odata`PartitionKey eq ${msTenantId} and state eq ${'released'}`, select: ['RowKey'] });
  expect(released.map((row) => row.rowKey).sort()).toEqual(
    records
      .slice(9_950)
      .map((r) => String(r['telephoneNumber']))
      .sort(),
  );
  const sample = fromNumberEntity(await tables.numbers.getEntity(msTenantId, String(records[0]?.['telephoneNumber'])));
  expect(sample.record.assignmentStatus).toBe('TestReassigned');
  expect(sample.meta.lastChangeRunId).toBe(third.runId);
  expect(sample.meta.firstSeenAt.getTime()).toBeLessThan(sample.meta.lastChangedAt.getTime());
}, 600_000); // Azurite slows with partition size: ~60 s on a quiet 2-core machine, far more under load.
