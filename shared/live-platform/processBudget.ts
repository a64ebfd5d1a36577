import type { Settings } from '../config/settings';
import type { LedgerRules } from './budgetLedger';
import { processClock, type CallBudget } from './callBudget';
import { InstanceBudget } from './instanceBudget';
import { lateLoad } from '../runtime/lateLoad';

const sharedBudgetModule = lateLoad<typeof import('./sharedRateBudget')>(require, './sharedRateBudget');
const budgetTableModule = lateLoad<typeof import('./budgetTable')>(require, './budgetTable');
const storageModule = lateLoad<typeof import('../storage/snapshotStorage')>(require, '../storage/snapshotStorage');

/** The Live Platform counts calls in sliding windows of this length. */
export const budgetWindowMs = 10_000;
/**
 * How long after its write a shared-budget call is first assumed to have reached the Live
 * Platform (its owner writes a later bound when its response headers take longer, see
 * sharedRateBudget.ts). Small, because an entry is held this much longer than its window.
 */
export const arrivalAllowanceMs = 250;

export function budgetRules(settings: Settings): LedgerRules {
  return { limit: settings.rateLimit, reserve: settings.interactiveReserve, windowMs: budgetWindowMs, allowanceMs: arrivalAllowanceMs };
}

/**
 * The shared budget's fallback: ⌊LIVE_PLATFORM_RATE_LIMIT ÷ LIVE_PLATFORM_BUDGET_INSTANCES⌋ lookups
 * per window for each instance, on its own clock. Why that cannot exceed the limit: while the store
 * is unreachable only lookups call the Live Platform (snapshot work waits, fallbackRules), lookups
 * run on the HTTP function group, and LIVE_PLATFORM_BUDGET_INSTANCES is at least the number of
 * instances that group can run at once (infra passes the plan's maximumInstanceCount, which Flex
 * Consumption applies per function group). N instances × ⌊limit ÷ N⌋ ≤ limit, whatever their
 * clocks say. With more possible instances than calls per window the share is 0, and the instances
 * that hold one of the row's `limit` fallback seats make one lookup per window each instead
 * (sharedRateBudget.ts; docs/deploy.md, "Scale-out and the rate budget").
 */
export function fallbackShare(settings: Settings): number {
  return Math.floor(settings.rateLimit / settings.budgetInstances);
}

/** The process's budget as LIVE_PLATFORM_BUDGET says; the storage SDK is loaded only for `shared`. */
export function createCallBudget(settings: Settings): CallBudget {
  const rules = budgetRules(settings);
  if (settings.budgetMode === 'instance') return new InstanceBudget(rules);
  const { SharedRateBudget } = sharedBudgetModule();
  const { TableLedgerStore } = budgetTableModule();
  const { readStorageConnection } = storageModule();
  return new SharedRateBudget(new TableLedgerStore(readStorageConnection()), { rules, fallbackShare: fallbackShare(settings), clock: processClock });
}
