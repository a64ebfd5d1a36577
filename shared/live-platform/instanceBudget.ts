import type { LedgerRules } from './budgetLedger';
import {
  BudgetSpent,
  processClock,
  type BudgetClock,
  type BudgetStatus,
  type BudgetTicket,
  type CallBudget,
  type CallKind,
  type TakeOptions,
} from './callBudget';
import { RateBudget } from './rateBudget';

/**
 * This process's own budget (`LIVE_PLATFORM_BUDGET=instance`, and the shared budget's fallback):
 * a sliding window on the local clock, which is exact for one process. A call's slot counts from
 * when it is taken until its response headers are back (arrival lies in between).
 */
export class InstanceBudget implements CallBudget {
  private readonly budget: RateBudget;

  constructor(
    rules: Pick<LedgerRules, 'limit' | 'reserve' | 'windowMs'>,
    private readonly clock: BudgetClock = processClock,
    /** Told each call's latest possible arrival (local clock), once it is known. */
    private readonly onArrived?: (untilLocal: number) => void,
  ) {
    this.budget = new RateBudget(rules.limit, rules.windowMs, rules.reserve);
  }

  async take(kind: CallKind, options: TakeOptions): Promise<BudgetTicket> {
    const started = this.clock.now();
    for (;;) {
      const now = this.clock.now();
      const result = this.budget.tryTake(now, kind);
      if (result.taken) {
        const slot = result.slot;
        let done = false;
        return {
          arrived: () => {
            if (done) return;
            done = true;
            const at = this.clock.now();
            this.budget.settle(slot, at);
            this.onArrived?.(at);
          },
        };
      }
      if (now - started + result.waitMs > options.maxWaitMs) throw new BudgetSpent(result.waitMs);
      await this.clock.sleep(result.waitMs);
    }
  }

  /**
   * Counts a call this process made through the shared budget, until it arrives: a process that
   * falls back to its own share then counts what it already sent in the window.
   */
  record(): BudgetTicket {
    const slot = this.budget.add(this.clock.now());
    let done = false;
    return {
      arrived: () => {
        if (done) return;
        done = true;
        this.budget.settle(slot, this.clock.now());
      },
    };
  }

  status(): BudgetStatus {
    return { mode: 'instance' };
  }

  check(): Promise<BudgetStatus> {
    return Promise.resolve(this.status());
  }
}
