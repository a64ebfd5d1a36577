/** One request's place in the budget: when it may last have reached the Live Platform. */
export interface BudgetSlot {
  at: number;
}

/**
 * A sliding window of requests: at most `limit` in any `windowMs`, as the Live Platform counts
 * them — on arrival, which lies anywhere between the slot being taken and the request's end (a
 * token to fetch, a busy event loop). So a slot counts from when it is taken and, once `settle`d,
 * from the request's end: a window passes between one request's latest possible arrival and the
 * next request that reuses its slot.
 */
export class RateBudget {
  private readonly slots: BudgetSlot[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs = 10_000,
  ) {}

  /** Takes one request slot now, or says how long until one frees up. */
  tryTake(now = Date.now()): { taken: true; slot: BudgetSlot } | { taken: false; waitMs: number } {
    for (let i = this.slots.length - 1; i >= 0; i--) if ((this.slots[i] as BudgetSlot).at <= now - this.windowMs) this.slots.splice(i, 1);
    if (this.slots.length < this.limit) {
      const slot = { at: now };
      this.slots.push(slot);
      return { taken: true, slot };
    }
    const earliest = Math.min(...this.slots.map((slot) => slot.at));
    return { taken: false, waitMs: earliest + this.windowMs - now };
  }

  /** The request that took `slot` has ended: it counts until a window after now. */
  settle(slot: BudgetSlot, now = Date.now()): void {
    slot.at = Math.max(slot.at, now);
  }
}
