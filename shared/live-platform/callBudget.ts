import type { Logger } from '../logging/logger';
import type { CallKind } from './budgetLedger';

export type { CallKind } from './budgetLedger';

/** What a call asks of the budget. */
export interface TakeOptions {
  /** Lookups answer at once (0); snapshot work waits up to its deadline. */
  maxWaitMs: number;
  /** The longest the call itself can still take once it has its place (its deadline). */
  callMs: number;
  log: Logger;
}

/** A call's place in the budget. */
export interface BudgetTicket {
  /** The call has reached the Live Platform by now: its response headers, or its failure, are in. */
  arrived(): void;
}

/** No place within the time the caller can wait; `waitMs` until one is expected. */
export class BudgetSpent extends Error {
  constructor(readonly waitMs: number) {
    super(`rate budget spent for ${waitMs} ms`);
    this.name = 'BudgetSpent';
  }
}

export interface BudgetStatus {
  /** `shared`: the Table Storage budget; `instance`: this process's own; `fallback`: the shared store cannot be reached. */
  mode: 'shared' | 'instance' | 'fallback';
  /** Calls per window this process may make on its own in `fallback`. */
  fallbackShare?: number;
  /** Since when (ISO) the store has been unreachable. */
  unreachableSince?: string;
}

/** Every upstream call takes its place here first: lookups, the snapshot worker and tenant discovery. */
export interface CallBudget {
  take(kind: CallKind, options: TakeOptions): Promise<BudgetTicket>;
  status(): BudgetStatus;
  /** healthDeep: is the budget usable as configured (contacts the store in shared mode)? */
  check(): Promise<BudgetStatus>;
}

/** A monotonic local clock (never stepped by time sync) and a way to wait on it. */
export interface BudgetClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A timer that does not keep the process alive; returns a cancel function. */
  later(ms: number, run: () => void): () => void;
}

export const processClock: BudgetClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  later: (ms, run) => {
    const timer = setTimeout(run, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};
