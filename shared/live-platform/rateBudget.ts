import { admission, type CallKind } from './budgetLedger';

/** One request's place in the budget: when it may last have reached the Live Platform. */
export interface BudgetSlot {
  at: number;
  snapshot?: true;
}

/**
 * A sliding window of requests: at most `limit` in any `windowMs`, as the Live Platform counts
 * them — on arrival, which lies anywhere between the slot being taken and the request's end (a
 * token to fetch, a busy event loop). So a slot counts from when it is taken and, once `settle`d,
 * from the request's end: a window passes between one request's latest possible arrival and the
 * next request that reuses its slot. Snapshot work may fill only `limit − reserve` of a window
 * while lookups ask, and borrows the rest after a window without a lookup (budgetLedger.ts, admission).
 */
export class RateBudget {
  private readonly slots: BudgetSlot[] = [];
  private lookupAskedAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly limit: number,
    readonly windowMs = 10_000,
    readonly reserve = 0,
  ) {}

  /** Takes one request slot now, or says how long until one frees up for this kind of call. */
  tryTake(now = Date.now(), kind: CallKind = 'lookup'): { taken: true; slot: BudgetSlot } | { taken: false; waitMs: number } {
    for (let i = this.slots.length - 1; i >= 0; i--) if ((this.slots[i] as BudgetSlot).at <= now - this.windowMs) this.slots.splice(i, 1);
    if (kind === 'lookup') this.lookupAskedAt = now;
    const live = this.slots.map((slot) => ({ until: slot.at, ...(slot.snapshot ? { snapshot: true as const } : {}) }));
    const decision = admission(live, this, kind, now, this.lookupAskedAt);
    if (!decision.taken) return decision;
    const slot: BudgetSlot = kind === 'snapshot' ? { at: now, snapshot: true } : { at: now };
    this.slots.push(slot);
    return { taken: true, slot };
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
