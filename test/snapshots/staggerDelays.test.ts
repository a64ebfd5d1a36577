import { staggerDelaySeconds } from '../../shared/snapshots/staggerDelays';

test.each([
  [1, 0],
  [3, 1],
  [10, 3],
  [25, 3],
  [100, 3],
  [1000, 10],
])('staggered messages give snapshot work the share the budget leaves it (limit %i, reserve %i), no more and no less', (rateLimit, reserve) => {
  const share = rateLimit - reserve;
  const delays = Array.from({ length: 3000 }, (_, i) => staggerDelaySeconds(i, rateLimit, reserve));
  const last = delays[delays.length - 1] ?? 0;
  let worst = 0;
  let fewest = Number.POSITIVE_INFINITY;
  for (let start = 0; start <= last; start++) {
    const inWindow = delays.filter((d) => d >= start && d < start + 10).length;
    worst = Math.max(worst, inWindow);
    if (start + 10 <= last) fewest = Math.min(fewest, inWindow);
  }
  expect(worst).toBeLessThanOrEqual(share);
  // Every full window is used to within one message: the run takes about N ÷ share windows.
  if (Number.isFinite(fewest)) expect(fewest).toBeGreaterThanOrEqual(share - 1);
  expect(last).toBeLessThanOrEqual(Math.ceil((3000 * 10) / share));
  expect([...delays].sort((a, b) => a - b)).toEqual(delays);
});
