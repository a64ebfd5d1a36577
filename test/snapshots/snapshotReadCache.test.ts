import { randomUUID } from 'node:crypto';
import { manualRunId } from '../../shared/snapshots/runIds';
import { SnapshotReadCache, type CachedSnapshot } from '../../shared/snapshots/snapshotReadCache';
import { snapshotTenantNumbers, type FetchTenantNumbers } from '../../shared/snapshots/snapshotTenantNumbers';
import { clearSnapshotReadCache, readTenantSnapshotFromTables as readTenantSnapshot } from '../../shared/snapshots/tenantSnapshotFromTables';
import { scenarioNumber, scenarioRecord } from './support/changeScenario';
import { snapshotDeps, suiteConnectionString, tablesOn } from './support/snapshotHarness';
import { countingOptions, emptyRequestCounts } from './support/tableRequestCounter';

const upstream = new Map<string, Record<string, unknown>[]>();
const fetchFromMap: FetchTenantNumbers = async (msTenantId) => structuredClone(upstream.get(msTenantId) ?? []);
const counts = emptyRequestCounts();
const tables = tablesOn(suiteConnectionString(), countingOptions(counts));

async function snapshot(msTenantId: string, maxRemovalRatio = 0.5) {
  const runId = manualRunId(Date.now());
  return snapshotTenantNumbers(snapshotDeps(tables, { fetchTenantNumbers: fetchFromMap, maxRemovalRatio }), {
    runId,
    msTenantId,
    channelId: null,
    force: false,
    correlationId: runId,
  });
}

const loaded = (count: number): CachedSnapshot => ({
  records: Array.from({ length: count }, (_, i) => ({ telephoneNumber: scenarioNumber(i) }) as CachedSnapshot['records'][number]),
  takenAt: 'now',
});

describe('the snapshot read cache', () => {
  test('concurrent callers share one load; a new run loads again; a failed load is not kept', async () => {
    const cache = new SnapshotReadCache();
    let loads = 0;
    const load = async () => {
      loads++;
      return loaded(3);
    };
    const answers = await Promise.all(Array.from({ length: 8 }, () => cache.get('t', 'run-1', load)));
    expect(loads).toBe(1);
    expect(new Set(answers).size).toBe(1);
    await cache.get('t', 'run-1', load);
    expect(loads).toBe(1);
    await cache.get('t', 'run-2', load);
    expect(loads).toBe(2);

    await expect(cache.get('u', 'run-1', async () => Promise.reject(new Error('storage down')))).rejects.toThrow('storage down');
    await expect(cache.get('u', 'run-1', load)).resolves.toMatchObject({ takenAt: 'now' });
  });

  test('is bounded by bytes: the least recently used tenant goes first, and one larger than the budget is not kept', async () => {
    const cache = new SnapshotReadCache(25_000);
    let loads = 0;
    const load = (count: number) => async () => {
      loads++;
      return loaded(count);
    };
    await cache.get('a', 'r', load(100));
    await cache.get('b', 'r', load(100));
    expect(cache.keptBytes).toBeGreaterThan(0);
    await cache.get('a', 'r', load(100));
    expect(loads).toBe(2);
    // A third tenant pushes out b, used least recently.
    await cache.get('c', 'r', load(100));
    expect(cache.keptBytes).toBeLessThanOrEqual(25_000);
    await cache.get('a', 'r', load(100));
    expect(loads).toBe(3);
    await cache.get('b', 'r', load(100));
    expect(loads).toBe(4);
    const kept = cache.keptBytes;
    await cache.get('huge', 'r', load(10_000));
    expect(cache.keptBytes).toBe(kept);
    await cache.get('b', 'r', load(100));
    expect(loads).toBe(5);
  });

  test('source=snapshot reads a tenant partition once per run: 8 concurrent cold reads are one partition read, warm reads none', async () => {
    const msTenantId = randomUUID();
    upstream.set(
      msTenantId,
      Array.from({ length: 30 }, (_, i) => scenarioRecord(msTenantId, i)),
    );
    await snapshot(msTenantId);
    clearSnapshotReadCache();
    counts.numbers.reads = 0;
    const answers = await Promise.all(Array.from({ length: 8 }, () => readTenantSnapshot(msTenantId, tables)));
    expect(counts.numbers.reads).toBe(1);
    expect(answers.every((answer) => answer?.records.length === 30)).toBe(true);
    await readTenantSnapshot(msTenantId, tables);
    expect(counts.numbers.reads).toBe(1);

    // A suspect run applies its adds but not its releases, and is read anew.
    upstream.set(msTenantId, [scenarioRecord(msTenantId, 0), scenarioRecord(msTenantId, 100)]);
    expect((await snapshot(msTenantId)).status).toBe('suspect');
    counts.numbers.reads = 0;
    const after = await readTenantSnapshot(msTenantId, tables);
    expect(counts.numbers.reads).toBe(1);
    expect(after?.records).toHaveLength(31);
    expect(await readTenantSnapshot(randomUUID(), tables)).toBeNull();
  });
});
