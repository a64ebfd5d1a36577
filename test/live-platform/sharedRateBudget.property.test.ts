import fc from 'fast-check';
import { emptyLedger, type CallKind, type Ledger, type LedgerRules } from '../../shared/live-platform/budgetLedger';
import { BudgetSpent, type BudgetClock } from '../../shared/live-platform/callBudget';
import { SharedRateBudget, type LedgerStore } from '../../shared/live-platform/sharedRateBudget';
import type { Logger } from '../../shared/logging/logger';
import { busiestWindow } from '../support/busiestWindow';

/**
 * The shared budget's own code (SharedRateBudget over the ledger) driven in simulated time: several
 * instances whose clocks are off by up to a second and drift, one store that stamps writes with its
 * own clock and answers after random delays (so writes race and lose), and calls that reach the
 * Live Platform a random time after they are sent — sometimes later than the allowance, so owners
 * must write later bounds. The Live Platform's view is true time. The store here is a model of
 * Table Storage's conditional writes (the real one is exercised in sharedRateBudget.test.ts): it
 * stands in so time can be simulated.
 */

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

class VirtualTime {
  now = 0;
  private seq = 0;
  private timers: Array<{ at: number; seq: number; run: () => void }> = [];

  schedule(delay: number, run: () => void): () => void {
    const timer = { at: this.now + Math.max(0, delay), seq: this.seq++, run };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  sleep(delay: number): Promise<void> {
    return new Promise((resolve) => this.schedule(delay, resolve));
  }

  /** Runs every timer due before `end`, letting the promise chains each one starts settle first. */
  async runUntil(end: number): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.timers.length === 0) break;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0] as (typeof this.timers)[number];
      if (next.at > end) break;
      this.timers.shift();
      this.now = next.at;
      next.run();
    }
    this.now = end;
  }
}

interface StoreModel {
  latency: () => number;
  /** True-time intervals during which every operation fails. */
  outages: Array<[number, number]>;
}

/** Table Storage's contract for one row: conditional writes, a server-side stamp that only grows. */
class SimulatedStore implements LedgerStore {
  ledger: Ledger = emptyLedger();
  private version = 0;
  private stamp = Number.NEGATIVE_INFINITY;
  writes = 0;

  constructor(
    private readonly time: VirtualTime,
    private readonly model: StoreModel,
    /** The storage service's clock, unrelated to any instance's. */
    private readonly storeOffset: number,
  ) {}

  private down(): boolean {
    return this.model.outages.some(([from, to]) => this.time.now >= from && this.time.now < to);
  }

  async read(): Promise<{ ledger: Ledger; etag: string | null }> {
    await this.time.sleep(this.model.latency());
    if (this.down()) throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'RestError' });
    const answer = { ledger: structuredClone({ ...this.ledger, stamp: this.stamp }), etag: this.version === 0 ? null : String(this.version) };
    await this.time.sleep(this.model.latency());
    return answer;
  }

  async write(ledger: Ledger, etag: string | null): Promise<{ etag: string; stamp: number } | 'conflict'> {
    await this.time.sleep(this.model.latency());
    if (this.down()) throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'RestError' });
    const current = this.version === 0 ? null : String(this.version);
    if (etag !== current) {
      await this.time.sleep(this.model.latency());
      return 'conflict';
    }
    this.version++;
    this.writes++;
    this.stamp = Math.max(this.stamp + 0.001, this.time.now + this.storeOffset);
    this.ledger = structuredClone(ledger);
    const answer = { etag: String(this.version), stamp: this.stamp };
    await this.time.sleep(this.model.latency());
    return answer;
  }
}

interface Scenario {
  limit: number;
  reserve: number;
  instances: Array<{
    offsetMs: number;
    driftPpm: number;
    lookupCallers: number;
    snapshotCallers: number;
    /** This instance's lookup callers ask only from / until these times (an instance that starts late or goes idle). */
    lookupsFrom?: number;
    lookupsUntil?: number;
    /** True-time intervals during which this instance alone cannot reach the store. */
    cutOff?: Array<[number, number]>;
  }>;
  storeOffset: number;
  storeLatencyMax: number;
  /** Upstream lag from send to arrival, and from arrival to headers. */
  arrivalLagMax: number;
  headersLagMax: number;
  thinkMax: number;
  seed: number;
  outage?: [number, number];
  /** Lookup callers start asking only from this time (a quiet spell before). */
  lookupsFrom?: number;
  /** Fallback seats' lease (the app's is 5 minutes; shorter here so seats change hands in the run). */
  seatLeaseMs?: number;
  /** The row's seat list began long before the run (as in a deployment that has run a while): seats are given at once. */
  seatsFromEarlier?: boolean;
}

/** One instance's view of the store: the shared one, unreachable from it alone while it is cut off. */
function cutOffView(store: LedgerStore, time: VirtualTime, cutOff: Array<[number, number]>): LedgerStore {
  const check = () => {
    if (cutOff.some(([from, to]) => time.now >= from && time.now < to)) throw Object.assign(new Error('connect ETIMEDOUT'), { name: 'RestError' });
  };
  return {
    read: async () => (check(), store.read()),
    write: async (ledger, etag) => (check(), store.write(ledger, etag)),
  };
}

interface Arrival {
  at: number;
  kind: CallKind;
  instance: number;
}

const windowMs = 10_000;

async function simulate(
  scenario: Scenario,
  durationMs: number,
): Promise<{ arrivals: Arrival[]; unexpected: unknown[]; writes: number; fallbackShare: number }> {
  const time = new VirtualTime();
  let seed = scenario.seed >>> 0;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const store = new SimulatedStore(
    time,
    { latency: () => 1 + random() * scenario.storeLatencyMax, outages: scenario.outage ? [scenario.outage] : [] },
    scenario.storeOffset,
  );
  if (scenario.seatsFromEarlier) store.ledger = { ...emptyLedger(), seatsSince: scenario.storeOffset - 3_600_000 };
  const rules: LedgerRules = { limit: scenario.limit, reserve: scenario.reserve, windowMs, allowanceMs: 250 };
  const fallbackShare = Math.floor(scenario.limit / scenario.instances.length);
  const arrivals: Arrival[] = [];
  const unexpected: unknown[] = [];
  let running = true;

  scenario.instances.forEach((spec, index) => {
    const clock: BudgetClock = {
      now: () => time.now * (1 + spec.driftPpm * 1e-6) + spec.offsetMs,
      sleep: (ms) => time.sleep(ms / (1 + spec.driftPpm * 1e-6)),
      later: (ms, run) => time.schedule(ms / (1 + spec.driftPpm * 1e-6), run),
    };
    const view = spec.cutOff ? cutOffView(store, time, spec.cutOff) : store;
    const budget = new SharedRateBudget(view, {
      rules,
      fallbackShare,
      clock,
      instanceId: `i${index}-`,
      log: silent,
      seatLeaseMs: scenario.seatLeaseMs ?? 20_000,
    });
    const caller = async (kind: CallKind) => {
      while (running && (kind === 'snapshot' || time.now < (spec.lookupsUntil ?? Number.POSITIVE_INFINITY))) {
        await time.sleep(random() * scenario.thinkMax);
        if (!running) return;
        try {
          const ticket = await budget.take(kind, { maxWaitMs: kind === 'lookup' ? 0 : 60_000, callMs: 5_000, log: silent });
          const arrival = random() * scenario.arrivalLagMax;
          void time.sleep(arrival).then(() => arrivals.push({ at: time.now, kind, instance: index }));
          await time.sleep(arrival + random() * scenario.headersLagMax);
          ticket.arrived();
        } catch (error) {
          if (!(error instanceof BudgetSpent)) unexpected.push(error);
          // A refused caller comes back later, as a client does after a 503 with Retry-After.
          await time.sleep(100 + random() * 400);
        }
      }
    };
    for (let i = 0; i < spec.lookupCallers; i++) void time.sleep(spec.lookupsFrom ?? scenario.lookupsFrom ?? 0).then(() => caller('lookup'));
    for (let i = 0; i < spec.snapshotCallers; i++) void caller('snapshot');
  });
  await time.runUntil(durationMs);
  running = false;
  // Calls already under way still arrive.
  await time.runUntil(durationMs + 20_000);
  return { arrivals, unexpected, writes: store.writes, fallbackShare };
}

const instanceSpec = fc.record({
  offsetMs: fc.integer({ min: -1000, max: 1000 }),
  driftPpm: fc.integer({ min: -50, max: 50 }),
  lookupCallers: fc.integer({ min: 0, max: 4 }),
  snapshotCallers: fc.integer({ min: 0, max: 4 }),
});

const scenario = fc
  .record({
    limit: fc.integer({ min: 1, max: 20 }),
    reserveShare: fc.double({ min: 0, max: 0.9, noNaN: true }),
    instances: fc.array(instanceSpec, { minLength: 1, maxLength: 4 }),
    storeOffset: fc.integer({ min: -3_600_000, max: 3_600_000 }),
    storeLatencyMax: fc.integer({ min: 1, max: 80 }),
    arrivalLagMax: fc.integer({ min: 0, max: 600 }),
    headersLagMax: fc.integer({ min: 0, max: 300 }),
    thinkMax: fc.integer({ min: 0, max: 2_000 }),
    seed: fc.integer(),
  })
  .map(({ reserveShare, ...rest }): Scenario => ({ ...rest, reserve: Math.min(rest.limit - 1, Math.floor(rest.limit * reserveShare)) }));

describe('shared rate budget in simulated time', () => {
  it('no sliding window sees more than the limit arrive, snapshot work never more than the limit less the reserve while lookups ask, whatever the clocks say', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { arrivals, unexpected } = await simulate(s, 30_000);
        expect(unexpected).toEqual([]);
        expect(
          busiestWindow(
            arrivals.map((a) => a.at),
            windowMs,
          ),
        ).toBeLessThanOrEqual(s.limit);
        // Lookup callers ask at least every ~3.5 s (think time, call, retry) from at most 2 s in
        // until the run ends at 30 s; by 5 s every call snapshot work borrowed before the first ask
        // has arrived, and from then on snapshot work keeps the reserve free.
        if (s.instances.some((instance) => instance.lookupCallers > 0))
          expect(
            busiestWindow(
              arrivals.filter((a) => a.kind === 'snapshot' && a.at >= 5_000 && a.at < 30_000).map((a) => a.at),
              windowMs,
            ),
          ).toBeLessThanOrEqual(s.limit - s.reserve);
      }),
      { numRuns: 25 },
    );
  }, 240_000);

  it('uses the window: four instances a second apart, saturated by snapshot work and with no lookup asking, get close to the whole limit per window', async () => {
    const s: Scenario = {
      limit: 100,
      reserve: 3,
      instances: [-1000, -300, 400, 1000].map((offsetMs) => ({ offsetMs, driftPpm: 20, lookupCallers: 0, snapshotCallers: 12 })),
      storeOffset: 123_456,
      storeLatencyMax: 10,
      arrivalLagMax: 20,
      headersLagMax: 20,
      thinkMax: 0,
      seed: 7,
    };
    const { arrivals, writes } = await simulate(s, 60_000);
    const inRun = arrivals.filter((a) => a.at < 60_000).length;
    expect(
      busiestWindow(
        arrivals.map((a) => a.at),
        windowMs,
      ),
    ).toBeLessThanOrEqual(100);
    // The reserve is lent while no lookup asks: 6 windows of 100, at least 95 % of that (the
    // allowance and write latency hold each place a little longer).
    expect(inRun).toBeGreaterThanOrEqual(0.95 * 6 * 100);
    // One conditional write per call in the common case (plus races lost under contention, and probes).
    expect(writes).toBeLessThan(inRun * 1.5);
  }, 120_000);

  it('lookups keep their reserve while snapshot work saturates the rest', async () => {
    const s: Scenario = {
      limit: 10,
      reserve: 3,
      instances: [
        { offsetMs: 900, driftPpm: -30, lookupCallers: 0, snapshotCallers: 6 },
        { offsetMs: -900, driftPpm: 30, lookupCallers: 2, snapshotCallers: 6 },
      ],
      storeOffset: -5_000,
      storeLatencyMax: 20,
      arrivalLagMax: 50,
      headersLagMax: 50,
      thinkMax: 3_000,
      seed: 11,
    };
    const { arrivals } = await simulate(s, 60_000);
    const lookups = arrivals.filter((a) => a.kind === 'lookup').length;
    const snapshots = arrivals.filter((a) => a.kind === 'snapshot').length;
    const lookupsAfterFirstWindow = arrivals.filter((a) => a.kind === 'lookup' && a.at >= windowMs).length;
    expect(
      busiestWindow(
        arrivals.map((a) => a.at),
        windowMs,
      ),
    ).toBeLessThanOrEqual(10);
    // Two lookup callers asking about every 1.5 s get at least the reserve of each window after the
    // first (snapshot work had borrowed the first before they first asked), though snapshot work
    // waits for every free place.
    expect(lookupsAfterFirstWindow).toBeGreaterThanOrEqual(5 * 3);
    // Together they use the window: what lookups leave, snapshot work takes.
    expect(lookups + snapshots).toBeGreaterThanOrEqual(6 * 10 * 0.9);
  }, 120_000);

  it('a lookup after a quiet spell gets a place within one window, and snapshot work then gives the reserve back', async () => {
    const s: Scenario = {
      limit: 10,
      reserve: 3,
      instances: [
        { offsetMs: 700, driftPpm: -40, lookupCallers: 0, snapshotCallers: 6 },
        { offsetMs: -800, driftPpm: 40, lookupCallers: 1, snapshotCallers: 6 },
      ],
      storeOffset: 42_000,
      storeLatencyMax: 20,
      arrivalLagMax: 50,
      headersLagMax: 50,
      thinkMax: 0,
      seed: 5,
      lookupsFrom: 30_000,
    };
    const { arrivals } = await simulate(s, 60_000);
    const snapshotTimes = (from: number, to: number) => arrivals.filter((a) => a.kind === 'snapshot' && a.at >= from && a.at < to).map((a) => a.at);
    // Quiet: snapshot work borrowed the reserve and filled the windows (3 windows, at most 10 each).
    expect(snapshotTimes(0, 30_000).length).toBeGreaterThan(3 * 7);
    expect(busiestWindow(snapshotTimes(0, 30_000), windowMs)).toBe(10);
    // The first lookup asked at 30 s into a full window; it got the next place that freed.
    const firstLookup = Math.min(...arrivals.filter((a) => a.kind === 'lookup').map((a) => a.at));
    expect(firstLookup).toBeGreaterThanOrEqual(30_000);
    expect(firstLookup).toBeLessThan(30_000 + windowMs + 1_000);
    // Once the borrowed calls have left the window, snapshot work keeps to limit − reserve again.
    expect(busiestWindow(snapshotTimes(30_000 + windowMs + 1_000, 60_000), windowMs)).toBeLessThanOrEqual(7);
    expect(
      busiestWindow(
        arrivals.map((a) => a.at),
        windowMs,
      ),
    ).toBeLessThanOrEqual(10);
  }, 120_000);

  it('falls back to a per-instance share while the store is down, within that share, and lookups never fail for it', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.integer({ min: 5_000, max: 20_000 }), async (s, from) => {
        const outage: [number, number] = [from, from + 20_000];
        const { arrivals, unexpected, fallbackShare } = await simulate({ ...s, outage }, 50_000);
        expect(unexpected).toEqual([]);
        // Each instance its share, or where that is 0 (more instances than calls per window) one
        // lookup per window for each instance holding a seat: at most the limit of them.
        const bound = fallbackShare > 0 ? s.instances.length * fallbackShare : Math.min(s.instances.length, s.limit);
        // Windows wholly inside the outage (after a second for calls sent before it to arrive) see at most the fallback shares.
        const inside = arrivals.filter((a) => a.at >= outage[0] + 1_000 && a.at < outage[1]).map((a) => a.at);
        expect(busiestWindow(inside, windowMs)).toBeLessThanOrEqual(bound);
        // Any window at all: the limit plus the fallback shares (a window across the outage's edge).
        expect(
          busiestWindow(
            arrivals.map((a) => a.at),
            windowMs,
          ),
        ).toBeLessThanOrEqual(s.limit + bound);
      }),
      { numRuns: 12 },
    );
  }, 240_000);

  it('with more instances than calls per window, the instances holding a seat keep answering lookups through an outage, within the limit', async () => {
    const lookupInstance = (offsetMs: number) => ({ offsetMs, driftPpm: 30, lookupCallers: 2, snapshotCallers: 0 });
    const s: Scenario = {
      limit: 3,
      reserve: 1,
      instances: [
        // Snapshot-only instances write first and most: they never take a seat (they could not use it).
        { offsetMs: 500, driftPpm: -20, lookupCallers: 0, snapshotCallers: 3 },
        { offsetMs: -500, driftPpm: 20, lookupCallers: 0, snapshotCallers: 3 },
        ...[-900, -200, 300, 800, 1000].map(lookupInstance),
      ],
      storeOffset: 77_000,
      storeLatencyMax: 30,
      arrivalLagMax: 100,
      headersLagMax: 100,
      thinkMax: 1_000,
      seed: 3,
      seatLeaseMs: 60_000,
      seatsFromEarlier: true,
      outage: [50_000, 80_000],
    };
    const { arrivals, unexpected, fallbackShare } = await simulate(s, 100_000);
    expect(unexpected).toEqual([]);
    // ⌊3 ÷ 7⌋ = 0: no fixed share; three of the five lookup instances hold the three seats.
    expect(fallbackShare).toBe(0);
    const inside = arrivals.filter((a) => a.at >= 51_000 && a.at < 80_000);
    expect(inside.every((a) => a.kind === 'lookup')).toBe(true);
    expect(new Set(inside.map((a) => a.instance)).size).toBe(3);
    // One lookup per window for each seat (the first a window after its last call through the store).
    expect(inside.length).toBeGreaterThanOrEqual(3 * 2);
    expect(
      busiestWindow(
        inside.map((a) => a.at),
        windowMs,
      ),
    ).toBeLessThanOrEqual(3);
    expect(
      busiestWindow(
        arrivals.map((a) => a.at),
        windowMs,
      ),
    ).toBeLessThanOrEqual(3 + 3);
  }, 120_000);

  it("a seat passes to another instance once its idle holder's lease has run out, and a holder stops using it a window before it ends", async () => {
    const s: Scenario = {
      limit: 1,
      reserve: 0,
      instances: [
        { offsetMs: 800, driftPpm: 40, lookupCallers: 2, snapshotCallers: 0, lookupsUntil: 50_000 },
        { offsetMs: -800, driftPpm: -40, lookupCallers: 2, snapshotCallers: 0, lookupsFrom: 35_000 },
      ],
      storeOffset: -12_345,
      storeLatencyMax: 10,
      arrivalLagMax: 20,
      headersLagMax: 20,
      thinkMax: 500,
      seed: 9,
      seatLeaseMs: 40_000,
      outage: [95_000, 125_000],
    };
    const { arrivals, unexpected } = await simulate(s, 135_000);
    expect(unexpected).toEqual([]);
    // Instance 0 took the seat at 40 s (a lease after the row began) and went idle at 50 s; instance 1
    // took it once it had run out (about 90 s).
    const during = arrivals.filter((a) => a.at >= 96_000 && a.at < 125_000);
    expect(during.filter((a) => a.instance === 1).length).toBeGreaterThanOrEqual(2);
    expect(during.filter((a) => a.instance === 0)).toEqual([]);
    // Its last renewal was at 95 s at the latest: it uses the seat until 95 + 40 − 10 (window) − 5 (call) − 1 s, not later.
    expect(during.filter((a) => a.at >= 120_000)).toEqual([]);
    expect(
      busiestWindow(
        during.map((a) => a.at),
        windowMs,
      ),
    ).toBeLessThanOrEqual(1);
  }, 120_000);

  it("an instance cut off from the store while the others reach it adds at most its seat's one lookup per window to the limit", async () => {
    const s: Scenario = {
      limit: 3,
      reserve: 1,
      instances: [
        { offsetMs: 0, driftPpm: 0, lookupCallers: 3, snapshotCallers: 0, cutOff: [[40_000, 70_000]] },
        ...[-700, 400, 900].map((offsetMs) => ({ offsetMs, driftPpm: 25, lookupCallers: 3, snapshotCallers: 1 })),
      ],
      storeOffset: 5_000,
      storeLatencyMax: 20,
      arrivalLagMax: 50,
      headersLagMax: 50,
      thinkMax: 300,
      seed: 21,
      seatLeaseMs: 20_000,
    };
    const { arrivals, unexpected } = await simulate(s, 90_000);
    expect(unexpected).toEqual([]);
    expect(
      busiestWindow(
        arrivals.map((a) => a.at),
        windowMs,
      ),
    ).toBeLessThanOrEqual(3 + 1);
  }, 120_000);
});
