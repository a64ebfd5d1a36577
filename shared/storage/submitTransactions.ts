import type { TableClient } from '@azure/data-tables';
import { runWithConcurrency } from './runWithConcurrency';
import type { PlannedTransaction } from './transactionPlan';

/** Several transactions in flight: each is atomic on its own, and every plan is safe to run in any order. */
export const transactionsInFlight = 8;

export async function submitTransactions(table: TableClient, plan: readonly PlannedTransaction[]): Promise<void> {
  await runWithConcurrency(plan, transactionsInFlight, async (transaction) => {
    await table.submitTransaction(transaction.actions);
  });
}
