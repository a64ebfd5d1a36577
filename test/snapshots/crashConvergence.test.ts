import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { normaliseRecords } from '../../shared/numbers/normaliseRecords';
import { manualRunId } from '../../shared/snapshots/runIds';
import { snapshotTenantNumbers, type FetchTenantNumbers } from '../../shared/snapshots/snapshotTenantNumbers';
import type { SnapshotTables } from '../../shared/storage/snapshotTables';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { changeKeys, changeRows, collectingLogger, numberRows, tablesOn } from './support/snapshotHarness';
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

async function writesOfSecondRun(): Promise<number> {
  const msTenantId = randomUUID();
  const { before, after } = changeScenario(msTenantId);
  upstream.set(msTenantId, before);
  await run(tablesOn(azurite.connectionString), msTenantId);
  upstream.set(msTenantId, after);
  const counts = emptyRequestCounts();
  await run(tablesOn(azurite.connectionString, countingOptions(counts)), msTenantId);
  return counts.numbers.requests + counts.changes.requests + counts.runs.requests;
}

const totalRequests = (counts: RequestCounts) => counts.numbers.requests + counts.changes.requests + counts.runs.requests;

describe('crash convergence', () => {
  test('stopping storage before any write of a run, then rerunning after a restart, converges with every change recorded once', async () => {
    const writes = await writesOfSecondRun();
    // Lease, journal mark, 2 change transactions, 2 number transactions, final state.
    expect(writes).toBeGreaterThanOrEqual(7);

    for (let crashAt = 1; crashAt <= writes; crashAt++) {
      const msTenantId = randomUUID();
      const { before, after, expectedChanges } = changeScenario(msTenantId);
      upstream.set(msTenantId, before);
      const firstRun = await run(tablesOn(azurite.connectionString), msTenantId);
      expect(firstRun.result.counts.added).toBe(150);

      upstream.set(msTenantId, after);
      const counts = emptyRequestCounts();
      let stopped: Promise<void> | undefined;
      const crashing = tablesOn(azurite.connectionString, countingOptions(counts, async () => {
        if (totalRequests(counts) === crashAt) stopped ??= azurite.stop();
        if (stopped) await stopped;
      }));
      const runId = manualRunId(Date.now());
      await expect(run(crashing, msTenantId, runId)).rejects.toThrow();

      // The host delivers the same run's message again once storage is back.
      await azurite.restart();
      const tables = tablesOn(azurite.connectionString);
      const retried = await run(tables, msTenantId, runId);
      expect({ crashAt, counts: retried.result.counts }).toEqual({ crashAt, counts: { added: 60, changed: 40, released: 30, reactivated: 0, unchanged: 80, withheldReleases: 0 } });

      const rows = await numberRows(tables, msTenantId);
      const expected = normaliseRecords(after, 'report').records;
      const active = [...rows.values()].filter((row) => row.meta.state === 'active');
      expect(active.map((row) => row.record).sort((a, b) => a.telephoneNumber.localeCompare(b.telephoneNumber))).toEqual(
        expected.sort((a, b) => a.telephoneNumber.localeCompare(b.telephoneNumber)),
      );
      expect([...rows.values()].filter((row) => row.meta.state === 'released').map((row) => row.record.telephoneNumber).sort()).toEqual(
        Array.from({ length: 30 }, (_, i) => scenarioNumber(120 + i)),
      );
      const changes = (await changeRows(tables, msTenantId)).filter((change) => change.runId !== firstRun.runId);
      expect({ crashAt, changes: changeKeys(changes) }).toEqual({ crashAt, changes: expectedChanges });
    }
  }, 150_000);
});
