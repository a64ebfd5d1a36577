/**
 * Snapshot messages are spread over time with visibility delays, at the pace the rate budget lets
 * snapshot work go: `LIVE_PLATFORM_RATE_LIMIT − LIVE_PLATFORM_INTERACTIVE_RESERVE` calls per 10 s
 * (the reserve is kept for lookups). Message i becomes visible floor(i × 10 ÷ share) seconds after
 * the run starts, so a run of N tenants takes about N ÷ share windows — as fast as the budget
 * allows, no faster: messages that became visible sooner would only wait in a worker for the
 * budget (one budget for every instance, docs/reliability.md), and a queue full of visible
 * messages makes the platform add worker instances that have nothing to do (docs/deploy.md).
 * Retries take their places from the same budget. With the defaults (10 and 3), one tenant every
 * 10 ÷ 7 ≈ 1.43 s: 10,000 tenants in about 4 hours.
 */
export function staggerDelaySeconds(index: number, rateLimit: number, interactiveReserve: number): number {
  const share = Math.max(1, rateLimit - interactiveReserve);
  return Math.floor((index * 10) / share);
}
