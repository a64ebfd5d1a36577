import type { CallKind } from './budgetLedger';

/** One request's place in the budget: when it may last have reached the Live Platform. */
export interface BudgetSlot {
  at: number;
}

/**
 * A sliding window of requests: at most `limit` in any `windowMs`, as the Live Platform counts
 * them — on arrival, which lies anywhere between the slot being taken and the request's end (a
 * token to fetch, a busy event loop). So a slot counts from when it is taken and, once `settle`d,
 * from the request's end: a window passes between one request's latest possible arrival and the
 * next request that reuses its slot. Snapshot work may fill only `limit − reserve` of a window:
 * the rest is left to lookups.
 */
export class RateBudget {
  private readonly slots: BudgetSlot[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs = 10_000,
    readonly reserve = 0,
  ) {}

  /** Takes one request slot now, or says how long until one frees up for this kind of call. */
  tryTake(now = Date.now(), kind: CallKind = 'lookup'): { taken: true; slot: BudgetSlot } | { taken: false; waitMs: number } {
    for (let i = this.slots.length - 1; i >= 0; i--) if ((this.slots[i] as BudgetSlot).at <= now - this.windowMs) this.slots.splice(i, 1);
    const capacity = kind === 'lookup' ? this.limit : Math.max(0, this.limit - this.reserve);
    if (this.slots.length < capacity) {
      const slot = { at: now };
      this.slots.push(slot);
      return { taken: true, slot };
    }
    if (capacity === 0) return { taken: false, waitMs: this.windowMs };
    const latest = this.slots.map((slot) => slot.at).sort((a, b) => b - a);
    return { taken: false, waitMs: Math.max(1, (latest[capacity - 1] as number) + this.windowMs - now) };
  }

  /** Counts a request let in by other means (the shared budget) in this window, without asking. */
  add(now = Date.now()): BudgetSlot {
    for (let i = this.slots.length - 1; i >= 0; i--) if ((this.slots[i] as BudgetSlot).at <= now - this.windowMs) this.slots.splice(i, 1);
    const slot = { at: now };
    this.slots.push(slot);
    return slot;
  }

  /** The request that took `slot` has ended: it counts until a window after now. */
  settle(slot: BudgetSlot, now = Date.now()): void {
    slot.at = Math.max(slot.at, now);
  }
}
