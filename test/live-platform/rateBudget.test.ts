import { RateBudget } from '../../shared/live-platform/rateBudget';
import { parseRetryAfterMs, retryDelayMs } from '../../shared/live-platform/backoff';
import { ResultCache } from '../../shared/live-platform/resultCache';

describe('rate budget', () => {
  it('allows the limit within a window and says when the next slot frees', () => {
    const budget = new RateBudget(3, 10_000);
    expect([0, 100, 200].map((t) => budget.tryTake(t).taken)).toEqual([true, true, true]);
    expect(budget.tryTake(5_000)).toEqual({ taken: false, waitMs: 5_000 });
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
