import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { decodeLedger, type Ledger, type LedgerRules } from '../../shared/live-platform/budgetLedger';
import { BudgetSpent, processClock, type BudgetClock, type BudgetTicket } from '../../shared/live-platform/callBudget';
import { SharedRateBudget } from '../../shared/live-platform/sharedRateBudget';
import { budgetTableName, parseStorageTime, stampOfEtag, TableLedgerStore } from '../../shared/live-platform/budgetTable';
import type { StorageConnection } from '../../shared/storage/snapshotStorage';
import type { Logger } from '../../shared/logging/logger';
import { useSettings } from '../support/appState';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { invokeHttp } from '../support/invokeHttp';
import { getStats, MODERN_TENANT_ID } from '../support/sandboxControl';
import { getSettings } from '../../shared/config/settings';
import { getLivePlatformClient } from '../../shared/live-platform/livePlatform';

/** The shared budget on real Table Storage (Azurite): one row, conditional writes, fallback and recovery. */

const lines: string[] = [];
const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
const rules: LedgerRules = { limit: 5, reserve: 2, windowMs: 10_000, allowanceMs: 250 };
const suiteStorage = (): StorageConnection => ({ kind: 'connectionString', connectionString: process.env['SnapshotStorage'] as string });

async function takeAll(
  budgets: SharedRateBudget[],
  count: number,
  kind: 'lookup' | 'snapshot' = 'lookup',
): Promise<{ tickets: BudgetTicket[]; spent: number }> {
  const results = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => (budgets[i % budgets.length] as SharedRateBudget).take(kind, { maxWaitMs: 0, callMs: 1000, log })),
  );
  const tickets = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  expect(failures.every((error) => error instanceof BudgetSpent)).toBe(true);
  return { tickets, spent: failures.length };
}

async function readRow(row: string): Promise<Ledger> {
  const table = TableClient.fromConnectionString(process.env['SnapshotStorage'] as string, budgetTableName, { allowInsecureConnection: true });
  const entity = await table.getEntity<Record<string, unknown>>('liveBudget', row);
  return decodeLedger(entity, parseStorageTime(String(entity.timestamp)));
}

describe('shared rate budget on Table Storage', () => {
  it('reads the storage service time from the ETag, to the sub-millisecond', () => {
    expect(stampOfEtag(`W/"datetime'2026-11-30T10%3A11%3A14.7908898Z'"`)).toBeCloseTo(Date.UTC(2026, 10, 30, 10, 11, 14) + 790.8898, 3);
    expect(parseStorageTime('2026-11-30T10:11:14Z')).toBe(Date.UTC(2026, 10, 30, 10, 11, 14));
    expect(() => stampOfEtag('"abc"')).toThrow(/no timestamp/);
  });

  it('three instances racing for one window get exactly the limit between them, and snapshot work leaves the reserve once a lookup has asked', async () => {
    const row = randomUUID();
    const budgets = [0, 1, 2].map(() => new SharedRateBudget(new TableLedgerStore(suiteStorage(), row), { rules, fallbackShare: 1, clock: processClock }));
    const asked = await takeAll(budgets, 1);
    const snapshots = await takeAll(budgets, 9, 'snapshot');
    expect(snapshots.tickets).toHaveLength(rules.limit - rules.reserve);
    const lookups = await takeAll(budgets, 9);
    expect(asked.tickets.length + lookups.tickets.length).toBe(rules.reserve);
    for (const ticket of [...asked.tickets, ...snapshots.tickets, ...lookups.tickets]) ticket.arrived();

    const ledger = await readRow(row);
    // Four settled entries and the last writer's pending one: every call of the window is in the row, each with its kind.
    expect(ledger.entries.length + (ledger.pending ? 1 : 0)).toBe(rules.limit);
    expect([...ledger.entries, ...(ledger.pending ? [ledger.pending] : [])].filter((entry) => entry.snapshot)).toHaveLength(rules.limit - rules.reserve);
    expect(budgets.every((budget) => budget.status().mode === 'shared')).toBe(true);
  }, 60_000);

  it('snapshot work borrows the reserve while no lookup asks, and a refused lookup writes its ask into the row', async () => {
    const row = randomUUID();
    const budgets = [0, 1].map(() => new SharedRateBudget(new TableLedgerStore(suiteStorage(), row), { rules, fallbackShare: 1, clock: processClock }));
    const snapshots = await takeAll(budgets, 8, 'snapshot');
    expect(snapshots.tickets).toHaveLength(rules.limit);
    expect((await readRow(row)).lookupAskedAt).toBe(Number.NEGATIVE_INFINITY);
    const lookups = await takeAll(budgets, 1);
    expect(lookups.spent).toBe(1);
    // The ask is in the row: every instance's snapshot work now keeps to limit − reserve.
    expect((await readRow(row)).lookupAskedAt).toBeGreaterThan(Date.now() - 60_000);
    snapshots.tickets.forEach((ticket) => ticket.arrived());
  }, 60_000);

  it('a waiting snapshot call gets its place once the window has moved on', async () => {
    const quick: LedgerRules = { limit: 2, reserve: 0, windowMs: 1_000, allowanceMs: 100 };
    // The process clock, with the waits the budget decides on written down.
    const waits: number[] = [];
    const clock: BudgetClock = { ...processClock, sleep: (ms) => (waits.push(ms), processClock.sleep(ms)) };
    const budget = new SharedRateBudget(new TableLedgerStore(suiteStorage(), randomUUID()), { rules: quick, fallbackShare: 1, clock });
    const first = await Promise.all([0, 1].map(() => budget.take('snapshot', { maxWaitMs: 0, callMs: 500, log })));
    first.forEach((ticket) => ticket.arrived());
    // The window is full: a call that cannot wait is refused, without waiting.
    await expect(budget.take('snapshot', { maxWaitMs: 0, callMs: 500, log })).rejects.toBeInstanceOf(BudgetSpent);
    expect(waits).toEqual([]);
    const third = await budget.take('snapshot', { maxWaitMs: 5_000, callMs: 500, log });
    third.arrived();
    // One that can wait is given its place after waiting for the window to move on.
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits.every((ms) => ms > 0)).toBe(true);
  }, 30_000);
});

describe('the app on the shared budget', () => {
  it('a lookup takes its place in the ocLiveBudget row of SnapshotStorage', async () => {
    useSettings({ LIVE_PLATFORM_BUDGET: 'shared', LIVE_PLATFORM_CACHE_SECONDS: '0' });
    try {
      const lookup = await invokeHttp('getTenantNumbers', `tenants/${MODERN_TENANT_ID}/numbers`, { params: { msTenantId: MODERN_TENANT_ID } });
      expect(lookup.status).toBe(200);
      const table = TableClient.fromConnectionString(process.env['SnapshotStorage'] as string, budgetTableName, { allowInsecureConnection: true });
      const entity = await table.getEntity<Record<string, unknown>>('liveBudget', 'livePlatform');
      const ledger = decodeLedger(entity, parseStorageTime(String(entity.timestamp)));
      expect(ledger.entries.length + (ledger.pending ? 1 : 0)).toBeGreaterThanOrEqual(1);
      const health = await invokeHttp('healthDeep', 'health/deep');
      expect((health.json()['checks'] as Array<Record<string, unknown>>).find((c) => c['name'] === 'liveBudget')).toMatchObject({ status: 'ok' });
    } finally {
      useSettings();
    }
  }, 60_000);
});

describe('when the budget store cannot be reached', () => {
  let azurite: AzuriteHandle;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 60_000);
  afterAll(() => azurite.stop());

  it('falls back to the per-instance share, says so, and resumes the shared budget with its fallback calls when storage returns', async () => {
    const connection: StorageConnection = { kind: 'connectionString', connectionString: azurite.connectionString };
    // A minute's window, so the fallback calls still count however long Azurite takes to come back.
    const budget = new SharedRateBudget(new TableLedgerStore(connection, 'fallback'), {
      rules: { ...rules, limit: 10, windowMs: 60_000 },
      fallbackShare: 3,
      clock: processClock,
      log,
    });
    (await budget.take('lookup', { maxWaitMs: 0, callMs: 1000, log })).arrived();
    expect(budget.status().mode).toBe('shared');

    await azurite.stop();
    lines.length = 0;
    const during = await takeAll([budget], 6);
    // The lookup never failed for the store: it got one of the share's places, or a plain "spent".
    // The share counts the call made through the store in this window too: two places are left.
    expect(during.tickets).toHaveLength(2);
    during.tickets.forEach((ticket) => ticket.arrived());
    expect(budget.status()).toMatchObject({ mode: 'fallback', fallbackShare: 3, unreachableSince: expect.any(String) });
    expect(lines.filter((line) => /budget store unreachable/.test(line))).toHaveLength(1);

    await azurite.restart();
    const deadline = Date.now() + 15_000;
    while (budget.status().mode !== 'shared' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(budget.status().mode).toBe('shared');
    // The next write carries the two fallback calls into the ledger, so the other instances count
    // them: with this call, three entries (the in-memory Azurite lost the row with the first call).
    (await budget.take('lookup', { maxWaitMs: 0, callMs: 1000, log })).arrived();
    const table = TableClient.fromConnectionString(azurite.connectionString, budgetTableName, { allowInsecureConnection: true });
    const entity = await table.getEntity<Record<string, unknown>>('liveBudget', 'fallback');
    const ledger = decodeLedger(entity, parseStorageTime(String(entity.timestamp)));
    expect(ledger.entries.length + (ledger.pending ? 1 : 0)).toBe(3);
  }, 90_000);

  it('with no fixed share, the instances holding the fallback seats keep one lookup per window while Azurite is stopped; one without a seat answers 503', async () => {
    const connection: StorageConnection = { kind: 'connectionString', connectionString: azurite.connectionString };
    const seatRules: LedgerRules = { limit: 2, reserve: 1, windowMs: 1_000, allowanceMs: 100 };
    const [a, b, c] = [0, 1, 2].map(
      (i) =>
        new SharedRateBudget(new TableLedgerStore(connection, 'seats'), {
          rules: seatRules,
          fallbackShare: 0,
          clock: processClock,
          instanceId: `seat${i}-`,
          log,
          // Six seconds instead of five minutes: a new row gives seats only a lease after its first write.
          seatLeaseMs: 6_000,
        }),
    ) as [SharedRateBudget, SharedRateBudget, SharedRateBudget];
    const lookup = async (budget: SharedRateBudget, maxWaitMs = 0) => (await budget.take('lookup', { maxWaitMs, callMs: 100, log })).arrived();
    for (const budget of [a, b]) await lookup(budget);
    const table = TableClient.fromConnectionString(azurite.connectionString, budgetTableName, { allowInsecureConnection: true });
    const seatsOfRow = async () => decodeLedger(await table.getEntity<Record<string, unknown>>('liveBudget', 'seats'), 0).seats.map((seat) => seat.id);
    // The row is new: no seats for a lease after its first write (it could have lost seats someone still counts on).
    expect(await seatsOfRow()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 6_100));
    for (const budget of [a, b]) await lookup(budget, 5_000);
    // Both seats are taken: the third instance waits for a place, and gets one, but no seat.
    await lookup(c, 5_000);
    expect((await seatsOfRow()).sort()).toEqual(['seat0-', 'seat1-']);

    await azurite.stop();
    await new Promise((resolve) => setTimeout(resolve, seatRules.windowMs + 100));
    const seated = await takeAll([a], 3);
    expect(seated.tickets).toHaveLength(1);
    seated.tickets.forEach((ticket) => ticket.arrived());
    expect(a.status()).toMatchObject({ mode: 'fallback', fallbackShare: 1 });
    const unseated = await takeAll([c], 2);
    expect(unseated.tickets).toHaveLength(0);
    expect(c.status()).toMatchObject({ mode: 'fallback', fallbackShare: 0 });
    await azurite.restart();
  }, 90_000);

  it('the app keeps answering lookups while Azurite is stopped, within its share, and snapshot work waits for the store', async () => {
    // Two instances at a limit of 10: a share of 5 lookups per 10 s each, the one made through the store included.
    useSettings({
      LIVE_PLATFORM_BUDGET: 'shared',
      LIVE_PLATFORM_BUDGET_INSTANCES: '2',
      LIVE_PLATFORM_RATE_LIMIT: '10',
      LIVE_PLATFORM_TIMEOUT_MS: '3000',
      SnapshotStorage: azurite.connectionString,
    });
    const lookup = () =>
      invokeHttp('getTenantNumbers', `tenants/${MODERN_TENANT_ID}/numbers`, {
        params: { msTenantId: MODERN_TENANT_ID },
        headers: { 'Cache-Control': 'no-cache' },
      });
    expect((await lookup()).status).toBe(200);
    await azurite.stop();
    try {
      const during = [];
      for (let i = 0; i < 5; i++) during.push(await lookup());
      expect(during.map((response) => response.status)).toEqual([200, 200, 200, 200, 503]);
      expect(during[4]?.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
      const client = getLivePlatformClient(getSettings());
      expect(await client.budgetStatus()).toMatchObject({ mode: 'fallback', fallbackShare: 5 });
      // Snapshot work takes nothing of the share: it waits for the store, here until its deadline (3 s).
      const stats = await getStats(MODERN_TENANT_ID);
      await expect(
        client.fetchTenantNumbers(MODERN_TENANT_ID, { channelId: null, correlationId: 'fallback-test', log, waitForBudget: true }),
      ).rejects.toThrow();
      expect((await getStats(MODERN_TENANT_ID)).calls).toBe(stats.calls);
    } finally {
      await azurite.restart();
      useSettings();
    }
  }, 90_000);

  it('healthDeep shows the fallback, and a lookup still answers', async () => {
    useSettings({
      LIVE_PLATFORM_BUDGET: 'shared',
      LIVE_PLATFORM_BUDGET_INSTANCES: '2',
      SnapshotStorage:
        'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1',
    });
    const lookup = await invokeHttp('getTenantNumbers', `tenants/${MODERN_TENANT_ID}/numbers`, {
      params: { msTenantId: MODERN_TENANT_ID },
      headers: { 'Cache-Control': 'no-cache' },
    });
    expect(lookup.status).toBe(200);
    const health = await invokeHttp('healthDeep', 'health/deep');
    expect(health.status).toBe(503);
    const check = (health.json()['checks'] as Array<Record<string, unknown>>).find((c) => c['name'] === 'liveBudget');
    expect(check).toMatchObject({ status: 'failed', detail: expect.stringMatching(/budget store unreachable since .*at most 5 call\(s\) per 10 s/) });
    useSettings();
  }, 60_000);
});
