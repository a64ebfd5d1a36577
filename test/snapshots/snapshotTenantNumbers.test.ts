import { normaliseRecords } from '../../shared/numbers/normaliseRecords';
import { contentHash } from '../../shared/snapshots/numberContent';
import { manualRunId } from '../../shared/snapshots/runIds';
import { snapshotTenantNumbers, type SnapshotDependencies } from '../../shared/snapshots/snapshotTenantNumbers';
import { tenantStatePartition } from '../../shared/snapshots/runRows';
import type { TenantStateEntity } from '../../shared/snapshots/tenantState';
import { useSettings } from '../support/appState';
import { getTenantRecords, type NumberRecord } from '../support/sandboxControl';
import { driftTenant, generatedTenant, setRecords } from './support/sandboxTenants';
import { changeKeys, changeRows, collectingLogger, numberRows, snapshotDeps, suiteConnectionString, tablesOn } from './support/snapshotHarness';
import { countingOptions, emptyRequestCounts } from './support/tableRequestCounter';

const counts = emptyRequestCounts();
const tables = tablesOn(suiteConnectionString(), countingOptions(counts));

function resetCounts(): void {
  for (const table of Object.values(counts)) {
    table.requests = 0;
    table.operations = 0;
    table.reads = 0;
  }
}

async function snapshot(msTenantId: string, options: { force?: boolean; deps?: Partial<SnapshotDependencies>; runId?: string } = {}) {
  const runId = options.runId ?? manualRunId(Date.now());
  const result = await snapshotTenantNumbers(snapshotDeps(tables, options.deps), {
    runId,
    msTenantId,
    channelId: null,
    force: options.force ?? false,
    correlationId: runId,
  });
  return { runId, result };
}

async function tenantState(msTenantId: string): Promise<TenantStateEntity> {
  return tables.runs.getEntity<TenantStateEntity>(tenantStatePartition, msTenantId);
}

/** What a person in Storage Explorer, or an app version that keeps no digest, does to a row. */
async function editRowByHand(msTenantId: string, telephoneNumber: string, edit: Record<string, unknown>): Promise<void> {
  const row = await tables.numbers.getEntity<Record<string, unknown>>(msTenantId, telephoneNumber);
  await tables.numbers.updateEntity({ ...row, ...edit, partitionKey: msTenantId, rowKey: telephoneNumber }, 'Replace');
}

const withNumber = (record: NumberRecord, telephoneNumber: string): NumberRecord => ({ ...record, telephoneNumber, id: `${String(record['id'])}-copy` });

beforeAll(() => useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000', LIVE_PLATFORM_RETRIES: '0' }));

describe('snapshotTenantNumbers against the sandbox and Azurite', () => {
  test('a first snapshot stores every number of legacy, modern and drift tenants, each with one added change', async () => {
    const tenants = [await generatedTenant('legacy', 25), await generatedTenant('modern', 12), await driftTenant()];
    for (const { msTenantId, records } of tenants) {
      const expected = normaliseRecords(records, 'report');
      const { runId, result } = await snapshot(msTenantId);

      expect(result.status).toBe('succeeded');
      expect(result.counts).toEqual({ added: expected.records.length, changed: 0, released: 0, reactivated: 0, unchanged: 0, withheldReleases: 0 });
      expect(result.droppedRecords).toBe(expected.droppedCount);

      const rows = await numberRows(tables, msTenantId);
      expect([...rows.keys()].sort()).toEqual(expected.records.map((r) => r.telephoneNumber).sort());
      for (const record of expected.records) {
        const row = rows.get(record.telephoneNumber);
        // The stored row gives back exactly the normalised record (types, arrays, extra).
        expect(row?.record).toEqual(record);
        expect(row?.meta).toMatchObject({ state: 'active', lastChangeRunId: runId, releasedAt: null, contentHash: contentHash(record) });
      }

      const changes = await changeRows(tables, msTenantId);
      expect(changeKeys(changes)).toEqual(expected.records.map((r) => `added ${r.telephoneNumber}`).sort());
      for (const change of changes) {
        expect(change.before).toBeNull();
        expect(change.after).toEqual(rows.get(change.telephoneNumber)?.record);
        expect(change.changedFields).toContain('telephoneNumber');
        expect(change.runId).toBe(runId);
      }

      const state = await tenantState(msTenantId);
      expect(state.lastSnapshotRunId).toBe(runId);
      expect(state.activeCount).toBe(expected.records.length);
      expect(state.leaseOwner).toBeUndefined();
      expect(state.pendingRunId).toBeUndefined();
    }
    expect(tenants[2]?.records.length).toBeGreaterThan(normaliseRecords(tenants[2]?.records ?? [], 'report').records.length);
  });

  test('a rerun with no upstream change writes no number row and no change row (measured on the wire)', async () => {
    const { msTenantId, records } = await generatedTenant('legacy', 40);
    await snapshot(msTenantId);
    expect(counts.numbers.operations).toBeGreaterThan(0);

    resetCounts();
    const rerun = await snapshot(msTenantId);
    expect(rerun.result.counts).toMatchObject({ added: 0, changed: 0, released: 0, reactivated: 0, unchanged: 40 });
    expect(counts.numbers).toEqual({ requests: 0, operations: 0, reads: 0 });
    expect(counts.changes).toEqual({ requests: 0, operations: 0, reads: 0 });
    // Only the tenant's state row moved (lease, then last success): the run bookkeeping, not the numbers.
    expect(counts.runs.requests).toBeGreaterThan(0);
    expect((await tenantState(msTenantId)).lastSnapshotRunId).toBe(rerun.runId);

    // aslcht / asticks move on every upstream verification; that alone is not a change either.
    await setRecords(
      msTenantId,
      records.map((record, index) => ({ ...record, aslcht: `2030-01-01T00:00:${String(index % 60).padStart(2, '0')}Z`, asticks: String(900000 + index) })),
    );
    resetCounts();
    const ticked = await snapshot(msTenantId);
    expect(ticked.result.counts.unchanged).toBe(40);
    expect(counts.numbers.requests + counts.changes.requests).toBe(0);
    expect(counts.numbers.reads).toBe(0);
  });

  test('an answer equal to the last one reads no ocNumbers page; any other answer is compared row by row', async () => {
    const { msTenantId, records } = await generatedTenant('modern', 12);
    await snapshot(msTenantId);
    resetCounts();
    await snapshot(msTenantId);
    expect(counts.numbers.reads).toBe(0);

    // Reordered, the answer is the same answer.
    await setRecords(msTenantId, [...records].reverse());
    resetCounts();
    expect((await snapshot(msTenantId)).result.counts.unchanged).toBe(12);
    expect(counts.numbers.reads).toBe(0);

    const [first, ...rest] = records as [NumberRecord, ...NumberRecord[]];
    await setRecords(msTenantId, [{ ...first, locationId: 'moved' }, ...rest]);
    resetCounts();
    const changed = await snapshot(msTenantId);
    expect(changed.result.counts).toMatchObject({ changed: 1, unchanged: 11 });
    expect(counts.numbers.reads).toBeGreaterThan(0);
  });

  test('force compares every row, so a row deleted by hand comes back', async () => {
    const { msTenantId, records } = await generatedTenant('legacy', 6);
    await snapshot(msTenantId);
    const deleted = String(records[0]?.['telephoneNumber']);
    await tables.numbers.deleteEntity(msTenantId, deleted);

    // The digest describes what the app wrote; a hand edit is not seen until force (or an upstream change).
    expect((await snapshot(msTenantId)).result.counts.unchanged).toBe(6);
    const forced = await snapshot(msTenantId, { force: true });
    expect(forced.result.counts).toMatchObject({ added: 1, unchanged: 5 });
    expect((await numberRows(tables, msTenantId)).get(deleted)?.meta.state).toBe('active');
  });

  test('a digest not tied to the latest finished run, or behind a journal mark, is not trusted (an older app version ran since)', async () => {
    const { msTenantId, records } = await generatedTenant('legacy', 5);
    await snapshot(msTenantId);
    // What a version without digests does: it changes rows and records its run, keeping the other columns.
    const number = String(records[1]?.['telephoneNumber']);
    await editRowByHand(msTenantId, number, { locationId: 'set-by-older-version', contentHash: 'older' });
    const state = await tenantState(msTenantId);
    await tables.runs.updateEntity({ ...state, lastRunId: 'run-of-an-older-version' }, 'Replace');

    resetCounts();
    const next = await snapshot(msTenantId);
    expect(counts.numbers.reads).toBeGreaterThan(0);
    expect(next.result.counts).toMatchObject({ changed: 1, unchanged: 4 });
    expect((await numberRows(tables, msTenantId)).get(number)?.record.locationId).toBe(records[1]?.['locationId'] ?? null);

    // An older version that stopped part-way: its journal mark is left, its lastRunId never written.
    await editRowByHand(msTenantId, number, { locationId: 'half-written', contentHash: 'older' });
    const markedByOlderVersion = async () => {
      await tables.runs.updateEntity({ ...(await tenantState(msTenantId)), pendingRunId: 'run-of-an-older-version', pendingDetectedAt: new Date() }, 'Replace');
    };
    await markedByOlderVersion();
    resetCounts();
    expect((await snapshot(msTenantId)).result.counts).toMatchObject({ changed: 1, unchanged: 4 });
    expect(counts.numbers.reads).toBeGreaterThan(0);
    // The run that found the mark stored no digest: a late write of the interrupted run could still land.
    expect((await tenantState(msTenantId)).answerDigest).toBeUndefined();

    // A run that recovers such a mark and then fails keeps no digest either, so the one after compares every row.
    await snapshot(msTenantId);
    expect((await tenantState(msTenantId)).answerDigest).toBeDefined();
    await editRowByHand(msTenantId, number, { locationId: 'half-written-again', contentHash: 'older' });
    await markedByOlderVersion();
    const unavailable = async (): Promise<unknown[]> => {
      throw new Error('the Live Platform is down');
    };
    await expect(snapshot(msTenantId, { deps: { fetchTenantNumbers: unavailable } })).rejects.toThrow('the Live Platform is down');
    expect((await tenantState(msTenantId)).answerDigest).toBeUndefined();
    resetCounts();
    expect((await snapshot(msTenantId)).result.counts).toMatchObject({ changed: 1, unchanged: 4 });
    expect(counts.numbers.reads).toBeGreaterThan(0);
  });

  test('added, changed, released and reactivated numbers each produce exactly one change row with changedFields, before and after', async () => {
    const { msTenantId, records } = await generatedTenant('legacy', 8);
    const first = await snapshot(msTenantId);
    const original = new Map(normaliseRecords(records, 'report').records.map((r) => [r.telephoneNumber, r]));
    const [keep0, gone, ...rest] = records as [NumberRecord, NumberRecord, ...NumberRecord[]];
    const changedNumber = String(keep0['telephoneNumber']);
    const releasedNumber = String(gone['telephoneNumber']);
    const addedNumber = '+14255559999';

    // Run 2: one changed (assignment and a capability), one released, one added.
    const changedRecord = { ...keep0, assignmentStatus: 'ConferenceAssigned', acquiredCapabilities: ['InboundCalling'] };
    await setRecords(msTenantId, [changedRecord, ...rest, withNumber(keep0, addedNumber)]);
    const second = await snapshot(msTenantId);
    expect(second.result.counts).toEqual({ added: 1, changed: 1, released: 1, reactivated: 0, unchanged: 6, withheldReleases: 0 });

    // Run 3: the released number comes back with a different location.
    const returning = { ...gone, locationId: 'moved-location' };
    await setRecords(msTenantId, [changedRecord, returning, ...rest, withNumber(keep0, addedNumber)]);
    const third = await snapshot(msTenantId);
    expect(third.result.counts).toEqual({ added: 0, changed: 0, released: 0, reactivated: 1, unchanged: 8, withheldReleases: 0 });

    const changes = await changeRows(tables, msTenantId);
    const later = changes.filter((change) => change.runId !== first.runId);
    expect(changeKeys(later)).toEqual(
      [`added ${addedNumber}`, `changed ${changedNumber}`, `reactivated ${releasedNumber}`, `released ${releasedNumber}`].sort(),
    );
    // Newest first: run 3's row sorts before run 2's.
    expect(later[0]?.runId).toBe(third.runId);

    const byKey = new Map(later.map((change) => [`${change.changeType} ${change.telephoneNumber}`, change]));
    const changed = byKey.get(`changed ${changedNumber}`);
    expect(changed?.changedFields.sort()).toEqual(['acquiredCapabilities', 'assignmentStatus']);
    expect(changed?.before).toEqual(original.get(changedNumber));
    expect(changed?.after).toMatchObject({ assignmentStatus: 'ConferenceAssigned', acquiredCapabilities: ['InboundCalling'] });

    const released = byKey.get(`released ${releasedNumber}`);
    expect(released?.before).toEqual(original.get(releasedNumber));
    expect(released?.after).toBeNull();

    const reactivated = byKey.get(`reactivated ${releasedNumber}`);
    expect(reactivated?.changedFields).toEqual(['locationId']);
    expect(reactivated?.before).toEqual(original.get(releasedNumber));
    expect(reactivated?.after).toMatchObject({ locationId: 'moved-location' });

    const added = byKey.get(`added ${addedNumber}`);
    expect(added?.before).toBeNull();
    expect(added?.after?.telephoneNumber).toBe(addedNumber);

    const rows = await numberRows(tables, msTenantId);
    const back = rows.get(releasedNumber);
    expect(back?.meta.state).toBe('active');
    expect(back?.meta.releasedAt).toBeNull();
    expect(back?.meta.lastChangeRunId).toBe(third.runId);
    // First seen in run 1, whatever happened since.
    expect(back?.meta.firstSeenAt.getTime()).toBe(rows.get(String(rest[0]?.['telephoneNumber']))?.meta.firstSeenAt.getTime());
    expect(rows.get(changedNumber)?.meta.lastChangeRunId).toBe(second.runId);
    expect((await tenantState(msTenantId)).activeCount).toBe(9);
  });

  test('more releases than SNAPSHOT_MAX_REMOVAL_RATIO are withheld as suspect while adds and changes apply; force applies them', async () => {
    const { msTenantId, records } = await generatedTenant('modern', 10);
    const first = await snapshot(msTenantId);
    const [changedOne, ...others] = records as [NumberRecord, ...NumberRecord[]];
    const kept = others.slice(0, 3);
    const newcomer = withNumber(changedOne, '+14255558888');
    await setRecords(msTenantId, [{ ...changedOne, locationId: 'relocated' }, ...kept, newcomer]);

    const guarded = await snapshot(msTenantId);
    expect(guarded.result.status).toBe('suspect');
    expect(guarded.result.counts).toMatchObject({ added: 1, changed: 1, released: 0, withheldReleases: 6 });
    let rows = await numberRows(tables, msTenantId);
    expect([...rows.values()].filter((row) => row.meta.state === 'active')).toHaveLength(11);
    expect(changeKeys(await changeRows(tables, msTenantId)).filter((key) => key.startsWith('released'))).toEqual([]);
    // A suspect run does not count as the tenant's last confirmation, and its rows match no answer.
    expect((await tenantState(msTenantId)).lastSnapshotRunId).toBe(first.runId);
    expect((await tenantState(msTenantId)).answerDigest).toBeUndefined();

    const forced = await snapshot(msTenantId, { force: true });
    expect(forced.result.status).toBe('succeeded');
    expect(forced.result.counts).toMatchObject({ added: 0, changed: 0, released: 6, withheldReleases: 0 });
    rows = await numberRows(tables, msTenantId);
    expect([...rows.values()].filter((row) => row.meta.state === 'released')).toHaveLength(6);
    expect(changeKeys(await changeRows(tables, msTenantId)).filter((key) => key.startsWith('released'))).toHaveLength(6);
  });

  test('an empty upstream answer for a tenant that had numbers releases nothing unless forced', async () => {
    const { msTenantId } = await generatedTenant('legacy', 5);
    await snapshot(msTenantId);
    await setRecords(msTenantId, []);

    const guarded = await snapshot(msTenantId, { deps: { maxRemovalRatio: 1 } });
    expect(guarded.result.status).toBe('suspect');
    expect(guarded.result.counts.withheldReleases).toBe(5);
    expect([...(await numberRows(tables, msTenantId)).values()].every((row) => row.meta.state === 'active')).toBe(true);

    const forced = await snapshot(msTenantId, { force: true, deps: { maxRemovalRatio: 1 } });
    expect(forced.result.counts.released).toBe(5);
    expect([...(await numberRows(tables, msTenantId)).values()].every((row) => row.meta.state === 'released')).toBe(true);
  });

  test('two snapshots of one tenant at the same time record every change exactly once', async () => {
    const { msTenantId, records } = await generatedTenant('legacy', 30);
    const log = collectingLogger();
    const [a, b] = await Promise.all([snapshot(msTenantId, { deps: { log } }), snapshot(msTenantId, { deps: { log } })]);
    expect([a.result.counts.added, b.result.counts.added].sort((x, y) => x - y)).toEqual([0, 30]);
    // The second really waited for the first (the lease), rather than the two merely not overlapping.
    expect(log.lines.some((line) => /is being snapshotted by/.test(line))).toBe(true);
    expect(changeKeys(await changeRows(tables, msTenantId))).toEqual(
      normaliseRecords(records, 'report')
        .records.map((r) => `added ${r.telephoneNumber}`)
        .sort(),
    );

    // Changes found by two racing runs: still one row each.
    const changed = records.slice(0, 5).map((record): NumberRecord => ({ ...record, civicAddressId: 'new-address' }));
    await setRecords(msTenantId, [...changed, ...records.slice(5, 28)]);
    await Promise.all([snapshot(msTenantId), snapshot(msTenantId), snapshot(msTenantId)]);
    const keys = changeKeys(await changeRows(tables, msTenantId)).filter((key) => !key.startsWith('added'));
    expect(keys).toEqual(
      [...changed.map((r) => `changed ${String(r['telephoneNumber'])}`), ...records.slice(28).map((r) => `released ${String(r['telephoneNumber'])}`)].sort(),
    );

    // The same run's message delivered twice at once: one snapshot, and both report the same result.
    const runId = manualRunId(Date.now());
    const [first, second] = await Promise.all([snapshot(msTenantId, { runId }), snapshot(msTenantId, { runId })]);
    expect(first.result).toEqual(second.result);
  });

  test('records the first of a number the upstream lists twice and reports the duplicate', async () => {
    const { msTenantId, records } = await generatedTenant('modern', 3);
    const [one] = records as [NumberRecord];
    await setRecords(msTenantId, [...records, { ...one, locationId: 'second-copy' }]);
    const { result } = await snapshot(msTenantId);
    expect(result.duplicateNumbers).toBe(1);
    expect(result.counts.added).toBe(3);
    expect((await numberRows(tables, msTenantId)).get(String(one['telephoneNumber']))?.record.locationId).toBe(one['locationId'] ?? null);
  });

  test('the upstream records round-trip through ocNumbers unchanged for source=snapshot', async () => {
    const { msTenantId } = await driftTenant();
    await snapshot(msTenantId);
    const expected = normaliseRecords(await getTenantRecords(msTenantId), 'report').records;
    const rows = await numberRows(tables, msTenantId);
    expect(expected.map((record) => rows.get(record.telephoneNumber)?.record)).toEqual(expected);
  });
});
