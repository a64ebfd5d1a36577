/**
 * Snapshot messages are spread over time with visibility delays, so that however many instances
 * the queue scales out to, the tenants' first upstream calls start at most
 * `snapshotShareOfRateLimit × LIVE_PLATFORM_RATE_LIMIT` per 10 s; the remaining fifth of the budget
 * is headroom for the client's retries and for manual snapshot requests. Message i becomes visible
 * floor(i × 10 / (0.8 × rateLimit)) seconds after the run starts: with the default 10 per 10 s,
 * one tenant every 1.25 s, so 10,000 tenants take about 3.5 hours.
 */
const snapshotShareOfRateLimit = 0.8;

export function staggerDelaySeconds(index: number, rateLimit: number): number {
  return Math.floor((index * 10) / (rateLimit * snapshotShareOfRateLimit));
}
