import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { normaliseRecords } from '../../shared/numbers/normaliseRecords';
import { manualRunId } from '../../shared/snapshots/runIds';
import { snapshotTenantNumbers, type FetchTenantNumbers } from '../../shared/snapshots/snapshotTenantNumbers';
import type { SnapshotTables } from '../../shared/storage/snapshotTables';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { changeKeys, changeRows, collectingLogger, indexRows, numberRows, storedSummary, summaryOfRows, tablesOn } from './support/snapshotHarness';
import { countingOptions, emptyRequestCounts, type RequestCounts } from './support/tableRequestCounter';
import { changeScenario, scenarioNumber } from './support/changeScenario';

/**
 * "A crash at any point converges on the next run without losing a change": a disk-backed Azurite
 * is stopped just before the k-th storage write of a run, for every k the run has; after a restart
 * the next run must leave ocNumbers equal to the upstream and every change recorded exactly once.
 */

type Raw = Record<string, unknown>;
const upstream = new Map<string, Raw[]>();
const fetchFromMap: FetchTenantNumbers = async (msTenantId) => structuredClone(upstream.get(msTenantId) ?? []);

const leaseMs = 800;
let azurite: AzuriteHandle;
let location: string;

beforeAll(async () => {
  location = await mkdtemp(path.join(os.tmpdir(), 'oc-numbers-crash-'));
  azurite = await startAzurite({ location });
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
  await rm(location, { recursive: true, force: true });
});

async function run(tables: SnapshotTables, msTenantId: string, runId = manualRunId(Date.now())) {
  const deps = { tables, fetchTenantNumbers: fetchFromMap, schemaMode: 'report' as const, maxRemovalRatio: 0.5, log: collectingLogger(), leaseMs };
  return { runId, result: await snapshotTenantNumbers(deps, { runId, msTenantId, channelId: null, force: false, correlationId: runId }) };
}

async function writesOfSecondRun(): Promise<RequestCounts> {
  const msTenantId = randomUUID();
  const { before, after } = changeScenario(msTenantId);
  upstream.set(msTenantId, before);
  await run(tablesOn(azurite.connectionString), msTenantId);
  upstream.set(msTenantId, after);
  const counts = emptyRequestCounts();
  await run(tablesOn(azurite.connectionString, countingOptions(counts)), msTenantId);
  return counts;
}

const totalRequests = (counts: RequestCounts) =>
  counts.numbers.requests + counts.changes.requests + counts.runs.requests + counts.index.requests + counts.feed.requests;

describe('crash convergence', () => {
  test('stopping storage before any write of a run, then rerunning after a restart, converges with every change recorded once', async () => {
    const counts = await writesOfSecondRun();
    const writes = totalRequests(counts);
    // Lease, journal mark, 2 change transactions, 2 number transactions, 3 index transactions (the 130
    // changed numbers fall into 3 blocks), feed commit, final state. Each is atomic: every write is a crash point.
    expect(counts.index).toMatchObject({ requests: 3, operations: 130 });
    expect(counts.feed.requests).toBeGreaterThanOrEqual(1);
    expect(writes).toBeGreaterThanOrEqual(11);
    const crashPoints = Array.from({ length: writes }, (_, i) => i + 1);

    for (const crashAt of crashPoints) {
      const msTenantId = randomUUID();
      const { before, after, expectedChanges } = changeScenario(msTenantId);
      upstream.set(msTenantId, before);
      const firstRun = await run(tablesOn(azurite.connectionString), msTenantId);
      expect(firstRun.result.counts.added).toBe(150);

      upstream.set(msTenantId, after);
      const counts = emptyRequestCounts();
      let stopped: Promise<void> | undefined;
      const crashing = tablesOn(
        azurite.connectionString,
        countingOptions(counts, async () => {
          if (totalRequests(counts) === crashAt) stopped ??= azurite.stop();
          if (stopped) await stopped;
        }),
      );
      const runId = manualRunId(Date.now());
      await expect(run(crashing, msTenantId, runId)).rejects.toThrow();

      // The host delivers the same run's message again once storage is back.
      await azurite.restart();
      const tables = tablesOn(azurite.connectionString);
      const retried = await run(tables, msTenantId, runId);
      expect({ crashAt, counts: retried.result.counts }).toEqual({
        crashAt,
        counts: { added: 60, changed: 40, released: 30, reactivated: 0, unchanged: 80, withheldReleases: 0 },
      });

      const rows = await numberRows(tables, msTenantId);
      const expected = normaliseRecords(after, 'report').records;
      const active = [...rows.values()].filter((row) => row.meta.state === 'active');
      expect(active.map((row) => row.record).sort((a, b) => a.telephoneNumber.localeCompare(b.telephoneNumber))).toEqual(
        expected.sort((a, b) => a.telephoneNumber.localeCompare(b.telephoneNumber)),
      );
      expect(
        [...rows.values()]
          .filter((row) => row.meta.state === 'released')
          .map((row) => row.record.telephoneNumber)
          .sort(),
      ).toEqual(Array.from({ length: 30 }, (_, i) => scenarioNumber(120 + i)));
      const changes = (await changeRows(tables, msTenantId)).filter((change) => change.runId !== firstRun.runId);
      expect({ crashAt, changes: changeKeys(changes) }).toEqual({ crashAt, changes: expectedChanges });

      // The index holds exactly the tenant's rows, each equal to its number row; the summary counts them.
      const indexed = await indexRows(tables, msTenantId);
      expect({ crashAt, indexed: [...indexed.keys()].sort() }).toEqual({ crashAt, indexed: [...rows.keys()].sort() });
      for (const [telephoneNumber, row] of rows)
        expect({ crashAt, telephoneNumber, row: indexed.get(telephoneNumber) }).toEqual({ crashAt, telephoneNumber, row });
      expect({ crashAt, summary: await storedSummary(tables, msTenantId) }).toEqual({ crashAt, summary: summaryOfRows(rows) });
      expect(summaryOfRows(rows)).toMatchObject({ active: 180, released: 30, unassigned: 40 });
      // The 40 numbers changed to Unassigned are so since the retried run's detection time, kept by recovery.
      const unassigned = active.filter((row) => row.record.assignmentStatus === 'Unassigned');
      expect(unassigned.every((row) => row.meta.unassignedSince?.getTime() === row.meta.lastChangedAt.getTime())).toBe(true);
      expect(active.filter((row) => row.meta.unassignedSince !== null)).toHaveLength(40);
    }
  }, 400_000);
});
