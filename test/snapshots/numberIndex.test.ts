import { randomUUID } from 'node:crypto';
import { manualRunId } from '../../shared/snapshots/runIds';
import { tenantStatePartition } from '../../shared/snapshots/runRows';
import { snapshotTenantNumbers, type FetchTenantNumbers } from '../../shared/snapshots/snapshotTenantNumbers';
import { numberIndexVersion, type TenantStateEntity } from '../../shared/snapshots/tenantState';
import { toNumberEntity } from '../../shared/snapshots/numberEntity';
import { indexBlockOf, indexKeySeparator } from '../../shared/snapshots/numberIndex';
import { findNumber } from '../../shared/views/findNumber';
import { scenarioNumber, scenarioRecord } from './support/changeScenario';
import { firstLayoutRows, indexRows, numberRows, snapshotDeps, storedSummary, suiteConnectionString, summaryOfRows, tablesOn } from './support/snapshotHarness';
import { countingOptions, emptyRequestCounts } from './support/tableRequestCounter';

/** ocNumberIndex, the tenant summary and unassignedSince, as the snapshot journal keeps them. */

type Raw = Record<string, unknown>;
const upstream = new Map<string, Raw[]>();
const fetchFromMap: FetchTenantNumbers = async (msTenantId) => {
  const records = upstream.get(msTenantId);
  if (!records) throw new Error('the Live Platform is down');
  return structuredClone(records);
};

const counts = emptyRequestCounts();
const tables = tablesOn(suiteConnectionString(), countingOptions(counts));
const resetCounts = () => {
  for (const table of Object.values(counts)) Object.assign(table, { requests: 0, operations: 0, reads: 0 });
};

async function snapshot(msTenantId: string, options: { force?: boolean } = {}) {
  const runId = manualRunId(Date.now());
  return snapshotTenantNumbers(snapshotDeps(tables, { fetchTenantNumbers: fetchFromMap }), {
    runId,
    msTenantId,
    channelId: 7,
    force: options.force ?? false,
    correlationId: runId,
  });
}

/** PartitionKey and RowKey of a number's index row for a tenant. */
const indexKeys = (telephoneNumber: string, msTenantId: string): [string, string] => [
  indexBlockOf(telephoneNumber),
  `${telephoneNumber}${indexKeySeparator}${msTenantId}`,
];

const state = (msTenantId: string) => tables.runs.getEntity<TenantStateEntity>(tenantStatePartition, msTenantId);

async function expectIndexMatchesRows(msTenantId: string): Promise<void> {
  const rows = await numberRows(tables, msTenantId);
  const indexed = await indexRows(tables, msTenantId);
  expect([...indexed.keys()].sort()).toEqual([...rows.keys()].sort());
  for (const [telephoneNumber, row] of rows) expect(indexed.get(telephoneNumber)).toEqual(row);
  expect(await storedSummary(tables, msTenantId)).toEqual(summaryOfRows(rows));
}

describe('the number index and tenant summary', () => {
  test('every run keeps index rows and summary equal to the number rows; an unchanged rerun writes no index row', async () => {
    const msTenantId = randomUUID();
    upstream.set(msTenantId, [
      ...Array.from({ length: 6 }, (_, i) => scenarioRecord(msTenantId, i)),
      ...Array.from({ length: 4 }, (_, i) => scenarioRecord(msTenantId, 10 + i, 'Unassigned')),
      { ...scenarioRecord(msTenantId, 20), assignmentStatus: null, isoCountryCode: 'GB', acquiredNumberStatus: 3 },
    ]);
    await snapshot(msTenantId);
    await expectIndexMatchesRows(msTenantId);
    expect(await storedSummary(tables, msTenantId)).toEqual({
      active: 11,
      released: 0,
      unassigned: 5,
      byAssignmentStatus: { UserAssigned: 6, Unassigned: 4, '(none)': 1 },
      byAcquiredNumberStatus: { '(none)': 10, '3': 1 },
      byIsoCountryCode: { US: 10, GB: 1 },
    });
    expect(await state(msTenantId)).toMatchObject({ channelId: 7, indexVersion: numberIndexVersion, lastOutcome: 'succeeded' });

    resetCounts();
    await snapshot(msTenantId);
    expect(counts.index.requests).toBe(0);
    expect(counts.numbers.reads).toBe(0);
    await expectIndexMatchesRows(msTenantId);

    // One released, one reassigned, one newly unassigned.
    upstream.set(msTenantId, [
      ...Array.from({ length: 4 }, (_, i) => scenarioRecord(msTenantId, i)),
      scenarioRecord(msTenantId, 5, 'Unassigned'),
      ...Array.from({ length: 3 }, (_, i) => scenarioRecord(msTenantId, 10 + i, 'Unassigned')),
      scenarioRecord(msTenantId, 13, 'VoiceApp'),
      { ...scenarioRecord(msTenantId, 20), assignmentStatus: null, isoCountryCode: 'GB', acquiredNumberStatus: 3 },
    ]);
    resetCounts();
    await snapshot(msTenantId);
    // The three changed numbers share a block: one transaction.
    expect(counts.index).toMatchObject({ requests: 1, operations: 3 });
    await expectIndexMatchesRows(msTenantId);
    expect(await storedSummary(tables, msTenantId)).toMatchObject({ active: 10, released: 1, unassigned: 5 });
  });

  test('unassignedSince: set when first seen unassigned, kept while unassigned in any spelling, cleared when assigned or released', async () => {
    const msTenantId = randomUUID();
    upstream.set(msTenantId, [scenarioRecord(msTenantId, 1, 'Unassigned'), scenarioRecord(msTenantId, 2), scenarioRecord(msTenantId, 3, 'Unassigned')]);
    await snapshot(msTenantId);
    const first = await numberRows(tables, msTenantId);
    const since = first.get(scenarioNumber(1))?.meta.unassignedSince;
    expect(since).toEqual(first.get(scenarioNumber(1))?.meta.firstSeenAt);
    expect(first.get(scenarioNumber(2))?.meta.unassignedSince).toBeNull();

    upstream.set(msTenantId, [
      { ...scenarioRecord(msTenantId, 1, 'unassigned'), locationId: 'moved' },
      scenarioRecord(msTenantId, 2, ''),
      scenarioRecord(msTenantId, 3, 'UserAssigned'),
    ]);
    await snapshot(msTenantId);
    const second = await numberRows(tables, msTenantId);
    expect(second.get(scenarioNumber(1))?.meta.unassignedSince).toEqual(since);
    expect(second.get(scenarioNumber(1))?.meta.lastChangedAt.getTime()).toBeGreaterThan(since?.getTime() ?? Infinity);
    expect(second.get(scenarioNumber(2))?.meta.unassignedSince).toEqual(second.get(scenarioNumber(2))?.meta.lastChangedAt);
    expect(second.get(scenarioNumber(3))?.meta.unassignedSince).toBeNull();
    await expectIndexMatchesRows(msTenantId);
  });

  test('a tenant whose rows an older version wrote is indexed whole by its next run, even with an unchanged answer; force=true reindexes', async () => {
    const msTenantId = randomUUID();
    upstream.set(
      msTenantId,
      Array.from({ length: 30 }, (_, i) => scenarioRecord(msTenantId, i, i % 3 === 0 ? 'Unassigned' : 'UserAssigned')),
    );
    await snapshot(msTenantId);
    upstream.set(
      msTenantId,
      Array.from({ length: 25 }, (_, i) => scenarioRecord(msTenantId, i, i % 3 === 0 ? 'Unassigned' : 'UserAssigned')),
    );
    await snapshot(msTenantId);

    // What an older version leaves: no index rows, no summary, no index version in the state row.
    for (const telephoneNumber of (await indexRows(tables, msTenantId)).keys()) await tables.index.deleteEntity(...indexKeys(telephoneNumber, msTenantId));
    const { summary: _summary, indexVersion: _version, ...older } = await state(msTenantId);
    await tables.runs.updateEntity({ ...older, partitionKey: tenantStatePartition, rowKey: msTenantId }, 'Replace');
    expect((await indexRows(tables, msTenantId)).size).toBe(0);

    resetCounts();
    await snapshot(msTenantId);
    // Its 30 numbers are one block: one transaction, and no first-layout row to delete.
    expect(counts.index).toMatchObject({ requests: 1, operations: 30 });
    await expectIndexMatchesRows(msTenantId);
    expect(await storedSummary(tables, msTenantId)).toMatchObject({ active: 25, released: 5 });
    expect((await state(msTenantId)).indexVersion).toBe(numberIndexVersion);

    // A lost index row (say, deleted by hand) comes back with force=true.
    await tables.index.deleteEntity(...indexKeys(scenarioNumber(3), msTenantId));
    await snapshot(msTenantId, { force: true });
    await expectIndexMatchesRows(msTenantId);
  });

  test('a suspect run counts the numbers whose release it withheld as active; a failed run is the last outcome', async () => {
    const msTenantId = randomUUID();
    upstream.set(
      msTenantId,
      Array.from({ length: 10 }, (_, i) => scenarioRecord(msTenantId, i)),
    );
    await snapshot(msTenantId);
    upstream.set(msTenantId, [scenarioRecord(msTenantId, 0, 'Unassigned'), scenarioRecord(msTenantId, 1)]);
    expect((await snapshot(msTenantId)).status).toBe('suspect');
    expect(await storedSummary(tables, msTenantId)).toMatchObject({ active: 10, released: 0, unassigned: 1 });
    await expectIndexMatchesRows(msTenantId);
    expect((await state(msTenantId)).lastOutcome).toBe('suspect');

    upstream.delete(msTenantId);
    await expect(snapshot(msTenantId)).rejects.toThrow('the Live Platform is down');
    expect(await state(msTenantId)).toMatchObject({ lastOutcome: 'failed', indexVersion: numberIndexVersion });
    expect(await storedSummary(tables, msTenantId)).toMatchObject({ active: 10 });
  });

  test('a tenant indexed in the first layout (one partition per number) is reindexed into blocks by its next run, which deletes its old rows', async () => {
    const msTenantId = randomUUID();
    const neighbour = randomUUID();
    const only = (tenant: string) => new Set([tenant]);
    for (const tenant of [msTenantId, neighbour]) {
      upstream.set(
        tenant,
        Array.from({ length: 30 }, (_, i) => scenarioRecord(tenant, i)),
      );
      await snapshot(tenant);
    }

    // What index version 1 left: PartitionKey = number, RowKey = msTenantId, and indexVersion 1; for both tenants.
    for (const tenant of [msTenantId, neighbour]) {
      for (const [telephoneNumber, row] of await numberRows(tables, tenant)) {
        await tables.index.deleteEntity(...indexKeys(telephoneNumber, tenant));
        await tables.index.upsertEntity({ ...toNumberEntity(tenant, row), partitionKey: telephoneNumber, rowKey: tenant }, 'Replace');
      }
      await tables.runs.updateEntity({ partitionKey: tenantStatePartition, rowKey: tenant, indexVersion: 1 }, 'Merge');
    }
    expect((await indexRows(tables, msTenantId)).size).toBe(0);
    expect(await firstLayoutRows(tables, msTenantId)).toHaveLength(30);
    // findNumber reads only the current layout: until its next run, the tenant is not found.
    expect(await findNumber(tables.index, scenarioNumber(4), only(msTenantId))).toBeNull();

    resetCounts();
    await snapshot(msTenantId);
    // The new rows as one transaction, then 30 single deletes of the old ones.
    expect(counts.index).toMatchObject({ requests: 31, operations: 60 });
    await expectIndexMatchesRows(msTenantId);
    expect(await firstLayoutRows(tables, msTenantId)).toEqual([]);
    expect((await state(msTenantId)).indexVersion).toBe(numberIndexVersion);
    expect((await findNumber(tables.index, scenarioNumber(4), only(msTenantId)))?.holders).toEqual([expect.objectContaining({ msTenantId, state: 'active' })]);

    // The neighbour's old rows of the same numbers stay until its own next run.
    expect(await firstLayoutRows(tables, neighbour)).toHaveLength(30);
    await snapshot(neighbour);
    expect(await firstLayoutRows(tables, neighbour)).toEqual([]);
    await expectIndexMatchesRows(neighbour);

    // Reindexed: the next unchanged run writes and deletes nothing.
    resetCounts();
    await snapshot(msTenantId);
    expect(counts.index.requests).toBe(0);
  });
});
