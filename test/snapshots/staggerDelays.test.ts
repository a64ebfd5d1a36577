import { staggerDelaySeconds } from '../../shared/snapshots/staggerDelays';

test.each([1, 3, 10, 25, 100, 1000])('staggered messages never let more than 80 %% of %i first calls into any 10 s window', (rateLimit) => {
  const delays = Array.from({ length: 3000 }, (_, i) => staggerDelaySeconds(i, rateLimit));
  const last = delays[delays.length - 1] ?? 0;
  let worst = 0;
  for (let start = 0; start <= last; start++) worst = Math.max(worst, delays.filter((d) => d >= start && d < start + 10).length);
  expect(worst).toBeLessThanOrEqual(Math.ceil(0.8 * rateLimit));
  expect(worst).toBeLessThanOrEqual(rateLimit);
  expect([...delays].sort((a, b) => a - b)).toEqual(delays);
});
