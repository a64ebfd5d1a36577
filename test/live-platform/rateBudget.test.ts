import { RateBudget } from '../../shared/live-platform/rateBudget';
import { parseRetryAfterMs, retryDelayMs } from '../../shared/live-platform/backoff';
import { ResultCache } from '../../shared/live-platform/resultCache';

describe('rate budget', () => {
  it('allows the limit within a window and says when the next slot frees', () => {
    const budget = new RateBudget(3, 10_000);
    expect([0, 100, 200].map((t) => budget.tryTake(t).taken)).toEqual([true, true, true]);
    // A millisecond past the moment the first slot leaves the window.
    expect(budget.tryTake(5_000)).toEqual({ taken: false, waitMs: 5_001 });
    expect(budget.tryTake(10_000).taken).toBe(true);
  });

  it('never admits more than the limit in any sliding window', () => {
    const budget = new RateBudget(10, 10_000);
    const admitted: number[] = [];
    for (let t = 0; t < 60_000; t += 37) if (budget.tryTake(t).taken) admitted.push(t);
    for (const start of admitted) expect(admitted.filter((t) => t >= start && t < start + 10_000).length).toBeLessThanOrEqual(10);
    expect(admitted.length).toBeGreaterThanOrEqual(55);
  });
});

describe('rate budget: the interactive reserve', () => {
  it('is lent to snapshot work after a window in which no lookup asked, and held again once one asks', () => {
    const budget = new RateBudget(10, 10_000, 3);
    // No lookup has asked: snapshot work may fill the window.
    expect(Array.from({ length: 11 }, (_, i) => budget.tryTake(i * 10, 'snapshot').taken).filter(Boolean)).toHaveLength(10);
    // A lookup asks into the full window: it is told when the first place frees.
    expect(budget.tryTake(5_000, 'lookup')).toEqual({ taken: false, waitMs: 5_001 });
    // That place is the lookup's: snapshot work holds 10, above limit − reserve, while a lookup asked within the window.
    expect(budget.tryTake(10_001, 'snapshot').taken).toBe(false);
    expect(budget.tryTake(10_002, 'lookup').taken).toBe(true);
    // Snapshot work now keeps to limit − reserve: 7 of the window's places, the rest stay free for lookups.
    expect(Array.from({ length: 10 }, (_, i) => budget.tryTake(10_100 + i, 'snapshot').taken).filter(Boolean)).toHaveLength(7);
    expect(budget.tryTake(10_150, 'lookup').taken).toBe(true);
    // A whole window after the last ask (10,150 ms), snapshot work may fill the window again.
    expect(Array.from({ length: 12 }, (_, i) => budget.tryTake(20_151 + i, 'snapshot').taken).filter(Boolean)).toHaveLength(10);
  });

  it('leaves snapshot work the window once lookups have been quiet for one', () => {
    const budget = new RateBudget(10, 10_000, 3);
    expect(budget.tryTake(0, 'lookup').taken).toBe(true);
    const during = Array.from({ length: 10 }, (_, i) => budget.tryTake(100 + i, 'snapshot').taken).filter(Boolean);
    expect(during).toHaveLength(7);
    // From 10,001 ms the ask is a window old: every place that frees may go to snapshot work.
    const after = Array.from({ length: 10 }, (_, i) => budget.tryTake(10_200 + i, 'snapshot').taken).filter(Boolean);
    expect(after).toHaveLength(10);
  });
});

describe('back-off', () => {
  it('grows exponentially with jitter inside [half, full] of the step', () => {
    expect(retryDelayMs(0, undefined, () => 0)).toBe(125);
    expect(retryDelayMs(0, undefined, () => 1)).toBe(250);
    expect(retryDelayMs(3, undefined, () => 1)).toBe(2000);
    expect(retryDelayMs(20, undefined, () => 1)).toBe(8000);
  });

  it('honours a longer Retry-After', () => {
    expect(retryDelayMs(0, 3000, () => 1)).toBe(3000);
    expect(parseRetryAfterMs('7')).toBe(7000);
    expect(parseRetryAfterMs(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfterMs('soon')).toBeUndefined();
  });
});

describe('result cache', () => {
  it('merges concurrent loads of one key into one call', async () => {
    const cache = new ResultCache<number>(60_000);
    let calls = 0;
    const load = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 42;
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.getOrLoad('t', load)));
    expect(calls).toBe(1);
    expect(results.every((r) => r.value === 42)).toBe(true);
    expect((await cache.getOrLoad('t', load)).cached).toBe(true);
    expect((await cache.getOrLoad('t', load, { skipCache: true })).cached).toBe(false);
    expect(calls).toBe(2);
  });

  it('caches nothing when the time to live is 0, and nothing that failed', async () => {
    const cache = new ResultCache<number>(0);
    await cache.getOrLoad('t', async () => 1);
    expect((await cache.getOrLoad('t', async () => 2)).value).toBe(2);
    const failing = new ResultCache<number>(60_000);
    await expect(failing.getOrLoad('t', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await failing.getOrLoad('t', async () => 3)).value).toBe(3);
  });
});
