/** A sliding window of request start times: at most `limit` starts in any `windowMs`. */
export class RateBudget {
  private readonly starts: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs = 10_000,
  ) {}

  /** Takes one request slot now, or says how long until one frees up. */
  tryTake(now = Date.now()): { taken: true } | { taken: false; waitMs: number } {
    while (this.starts.length > 0 && (this.starts[0] as number) <= now - this.windowMs) this.starts.shift();
    if (this.starts.length < this.limit) {
      this.starts.push(now);
      return { taken: true };
    }
    return { taken: false, waitMs: (this.starts[0] as number) + this.windowMs - now };
  }
}
