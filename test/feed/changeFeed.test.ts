import { randomUUID } from 'node:crypto';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { odata } from '@azure/data-tables';
import { commitToFeed, feedCommitOf, readFeedHead } from '../../shared/feed/commitToFeed';
import { decodeFeedPosition, encodeFeedPosition, InvalidFeedPositionError, type FeedPosition } from '../../shared/feed/feedPosition';
import { changeIdOf, feedPositionAt, readFeed, type FeedItem } from '../../shared/feed/readFeed';
import { manualRunId } from '../../shared/snapshots/runIds';
import { snapshotTenantNumbers, type FetchTenantNumbers } from '../../shared/snapshots/snapshotTenantNumbers';
import { listAllEntities } from '../../shared/storage/listAllEntities';
import { ensureSnapshotTables, type SnapshotTables } from '../../shared/storage/snapshotTables';
import type { SnapshotTableRole } from '../../shared/storage/tableNames';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { changeScenario, scenarioRecord } from '../snapshots/support/changeScenario';
import { collectingLogger, tablesOn } from '../snapshots/support/snapshotHarness';

/**
 * The change feed's guarantee: a reader that always resumes with the position it was given sees
 * every committed change exactly once, including changes of runs still writing (or crashed and
 * finished later by another run) when it read. A storage client that "crashes" stops sending
 * anything from a given write on (a process that died there), before or after that write reached
 * storage; the tenant's next run recovers. Its own Azurite, so the feed holds only this file's runs.
 */

type Raw = Record<string, unknown>;
const upstream = new Map<string, Raw[]>();
const fetchFromMap: FetchTenantNumbers = async (msTenantId) => structuredClone(upstream.get(msTenantId) ?? []);
const leaseMs = 600;

let azurite: AzuriteHandle;
let tables: SnapshotTables;

beforeAll(async () => {
  azurite = await startAzurite();
  tables = tablesOn(azurite.connectionString);
  await ensureSnapshotTables(tables);
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
});

async function snapshot(on: SnapshotTables, msTenantId: string, runId = manualRunId(Date.now())) {
  const deps = { tables: on, fetchTenantNumbers: fetchFromMap, schemaMode: 'report' as const, maxRemovalRatio: 0.9, log: collectingLogger(), leaseMs };
  return snapshotTenantNumbers(deps, { runId, msTenantId, channelId: null, force: false, correlationId: runId });
}

/** Every change row of these tenants, as the ids the feed must show once each. */
async function changeIdsInStorage(tenants: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const msTenantId of tenants) {
    const rows = await listAllEntities<Raw>(tables.changes, { filter: odata`PartitionKey eq ${msTenantId}` });
    ids.push(...rows.map((row) => changeIdOf(msTenantId, row.rowKey as string)));
  }
  return ids.sort();
}

/** A reader that polls with small pages and always resumes where it was told to. */
function feedReader(tenants: ReadonlySet<string>, top = 7) {
  let position: FeedPosition = { sequence: 0 };
  const seen: FeedItem[] = [];
  // One client polls one request at a time (the crashing run writes two transactions at once).
  let polling = Promise.resolve();
  const pollOnce = async () => {
    for (;;) {
      // Through the opaque token, as a client holds it.
      const page = await readFeed(tables, { from: decodeFeedPosition(encodeFeedPosition(position)), includesTenant: (t) => tenants.has(t), top });
      seen.push(...page.items);
      position = page.position;
      if (!page.more) return;
    }
  };
  return {
    seen,
    poll(): Promise<void> {
      polling = polling.then(pollOnce);
      return polling;
    },
  };
}

/** Which table each entity write of a run went to, in the order they were sent. */
type WriteLog = SnapshotTableRole[];

/**
 * Storage clients of a process that dies at its `crashAt`-th write: before it is sent, or after it
 * landed. `atCrash` runs at that write (before it is sent, or once it landed), while the run is still
 * mid-way: another tenant commits and the reader polls there, so over all crash points the reader
 * polls, and B commits, between every two writes of A's run. `log` records every write sent, by table.
 */
function crashingTables(crashAt: number, when: 'before' | 'after', hooks: { atCrash?: () => Promise<void>; log?: WriteLog } = {}): SnapshotTables {
  let writes = 0;
  let dead = false;
  const optionsFor = (role: SnapshotTableRole) => {
    const policy: PipelinePolicy = {
      name: `crash-${role}`,
      async sendRequest(request, next) {
        if (dead) throw new Error('simulated crash: this process is gone');
        const isWrite = request.method !== 'GET' && !/\/Tables(\?|$)/.test(request.url);
        if (!isWrite) return next(request);
        const write = ++writes;
        hooks.log?.push(role);
        if (write === crashAt && when === 'before') {
          // Dead from here: the run's other workers send nothing more while B commits.
          dead = true;
          await hooks.atCrash?.();
          throw new Error('simulated crash before a write');
        }
        // A process that died sends nothing more, whatever it had started.
        if (dead) throw new Error('simulated crash: this process is gone');
        const response = await next(request);
        if (write === crashAt) {
          dead = true;
          await hooks.atCrash?.();
          throw new Error('simulated crash after a write');
        }
        return response;
      },
    };
    return { additionalPolicies: [{ policy, position: 'perCall' as const }], retryOptions: { maxRetries: 0 } };
  };
  return tablesOn(azurite.connectionString, optionsFor);
}

describe('change feed', () => {
  test('positions are opaque tokens; anything else is refused', () => {
    const token = encodeFeedPosition({ sequence: 12, after: '+12065550100' });
    expect(decodeFeedPosition(token)).toEqual({ sequence: 12, after: '+12065550100' });
    for (const bad of [
      '',
      'not base64 !',
      Buffer.from('{"v":1,"s":-1}').toString('base64url'),
      Buffer.from('{"v":2,"s":1}').toString('base64url'),
      Buffer.from('{"v":1,"s":1,"a":"x"}').toString('base64url'),
      Buffer.from('{"v":1,"s":1,"x":0}').toString('base64url'),
    ]) {
      expect(() => decodeFeedPosition(bad)).toThrow(InvalidFeedPositionError);
    }
  });

  test('a tenant-run is committed once, whoever commits it, and sequences have no gaps under contention', async () => {
    const msTenantId = randomUUID();
    const before = (await readFeedHead(tables.feed)).sequence;
    const commits = Array.from({ length: 12 }, (_, i) =>
      feedCommitOf(msTenantId, manualRunId(Date.now() + i), new Date(Date.now() + i), [{ changeType: 'added' }]),
    );
    // Every commit twice, all at once: twelve tenant-runs racing for the head, each with a retry.
    const sequences = await Promise.all([...commits, ...commits].map((commit) => commitToFeed(tables.feed, commit)));
    expect(sequences.slice(0, 12)).toEqual(sequences.slice(12));
    expect([...new Set(sequences)].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => before + 1 + i));
    expect((await readFeedHead(tables.feed)).sequence).toBe(before + 12);
  });

  test('crashes at every write point of a run, with another tenant committing in between and a reader polling throughout: every change once', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const tenants = new Set([a, b]);
    const reader = feedReader(tenants);
    let bRound = 0;
    // Tenant B changes one number per round: its runs commit between A's writes.
    const snapshotB = async () => {
      bRound += 1;
      upstream.set(
        b,
        Array.from({ length: 5 }, (_, i) => scenarioRecord(b, i, i === bRound % 5 ? `Round${bRound}` : 'UserAssigned')),
      );
      await snapshot(tables, b);
    };
    await snapshotB();

    // The writes of A's second snapshot, by table.
    const { before, after } = changeScenario(a);
    upstream.set(a, before);
    await snapshot(tables, a);
    const log: WriteLog = [];
    upstream.set(a, after);
    await snapshot(crashingTables(Number.MAX_SAFE_INTEGER, 'before', { log }), a);
    // Lease, journal mark, 2 change transactions, lease, 2 number transactions, lease, 3 index transactions
    // (the 130 changed numbers fall into 3 blocks), feed commit, final state.
    const count = (role: SnapshotTableRole) => log.filter((r) => r === role).length;
    expect({ changes: count('changes'), numbers: count('numbers'), index: count('index') }).toEqual({ changes: 2, numbers: 2, index: 3 });
    expect(count('feed')).toBeGreaterThanOrEqual(1);
    // Every write is a crash point: each index transaction, the feed commit after them, the state row.
    const crashPoints = Array.from({ length: log.length }, (_, i) => i + 1);
    expect(log.lastIndexOf('index') + 1).toBeLessThan(log.indexOf('feed') + 1);

    // A is at `after` now; each round crashes part-way into the way back, or forth (130 changes either way).
    let next = before;
    let rounds = 0;
    for (const when of ['before', 'after'] as const) {
      for (const crashAt of crashPoints) {
        upstream.set(a, next);
        next = next === before ? after : before;
        const runId = manualRunId(Date.now());
        await expect(
          snapshot(
            crashingTables(crashAt, when, {
              // B commits at the crash point, while A's run is mid-way, and the reader polls there.
              atCrash: async () => {
                await snapshotB();
                await reader.poll();
              },
            }),
            a,
            runId,
          ),
        ).rejects.toThrow(/simulated crash/);
        await reader.poll();
        // The host delivers the message again once the lease runs out.
        await snapshot(tables, a, runId);
        await snapshotB();
        await reader.poll();
        rounds += 1;
      }
    }
    expect(rounds).toBe(2 * crashPoints.length);

    const seenIds = reader.seen.map((item) => item.changeId);
    expect(seenIds.length).toBe(new Set(seenIds).size);
    const stored = await changeIdsInStorage([a, b]);
    // Every round moved 130 of A's numbers and one of B's.
    expect(stored.length).toBeGreaterThanOrEqual(150 + 130 * (rounds + 1) + rounds);
    expect([...seenIds].sort()).toEqual(stored);
    // Commit order, and number order within a commit.
    for (let i = 1; i < reader.seen.length; i++) {
      const [previous, current] = [reader.seen[i - 1]!, reader.seen[i]!];
      expect(
        previous.sequence < current.sequence || (previous.sequence === current.sequence && previous.change.telephoneNumber < current.change.telephoneNumber),
      ).toBe(true);
    }
  }, 600_000);

  test('filters by tenant and change type read only what was asked, and a caught-up reader resumes at the head', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const start = await readFeedHead(tables.feed);
    for (const tenant of [a, b]) {
      const { before, after } = changeScenario(tenant);
      upstream.set(tenant, before);
      await snapshot(tables, tenant);
      upstream.set(tenant, after);
      await snapshot(tables, tenant);
    }
    const released = await readFeed(tables, { from: { sequence: start.sequence }, includesTenant: (t) => t === b, changeType: 'released', top: 1000 });
    expect(released.more).toBe(false);
    expect(released.items.map((item) => [item.change.msTenantId, item.change.changeType])).toEqual(Array.from({ length: 30 }, () => [b, 'released']));
    expect(released.position).toEqual({ sequence: (await readFeedHead(tables.feed)).sequence });
    const nothing = await readFeed(tables, { from: released.position, includesTenant: () => true, top: 10 });
    expect(nothing).toEqual({ items: [], position: released.position, more: false });
  });

  test('since starts at the first commit at or after that time', async () => {
    const msTenantId = randomUUID();
    upstream.set(msTenantId, [scenarioRecord(msTenantId, 1)]);
    await snapshot(tables, msTenantId);
    const between = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    upstream.set(msTenantId, [scenarioRecord(msTenantId, 1), scenarioRecord(msTenantId, 2)]);
    await snapshot(tables, msTenantId);
    const position = await feedPositionAt(tables.feed, between);
    const page = await readFeed(tables, { from: position, includesTenant: (t) => t === msTenantId, top: 10 });
    expect(page.items.map((item) => `${item.change.changeType} ${item.change.telephoneNumber}`)).toEqual(['added +12065550002']);
    expect(await feedPositionAt(tables.feed, new Date(Date.now() + 60_000))).toEqual({ sequence: (await readFeedHead(tables.feed)).sequence });
  });
});
