/**
 * Upstream 404s remembered per tenant and channel for `LIVE_PLATFORM_NOT_FOUND_SECONDS`: asking
 * again for a tenant the Live Platform just said it does not have would only spend the rate
 * budget (a script polling a wrong tenant id would otherwise starve every real caller). Bounded,
 * oldest first out, so a flood of made-up ids cannot grow it without limit.
 */
export class NotFoundMemory {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** Seconds the 404 is still remembered for, or 0. */
  remembered(msTenantId: string, channelId: number | null, now = Date.now()): number {
    const key = keyOf(msTenantId, channelId);
    const until = this.until.get(key);
    if (until === undefined) return 0;
    if (until <= now) {
      this.until.delete(key);
      return 0;
    }
    return Math.ceil((until - now) / 1000);
  }

  remember(msTenantId: string, channelId: number | null, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    const key = keyOf(msTenantId, channelId);
    this.until.delete(key);
    this.until.set(key, now + this.ttlMs);
    // Maps iterate in insertion order: the first key is the oldest.
    while (this.until.size > this.maxEntries) this.until.delete(this.until.keys().next().value as string);
  }
}

const keyOf = (msTenantId: string, channelId: number | null) => `${msTenantId.toLowerCase()}|${channelId ?? ''}`;
