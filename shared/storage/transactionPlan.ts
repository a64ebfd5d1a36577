import type { TableEntity, TransactionAction } from '@azure/data-tables';
import { InvalidEntityError } from '../errors/appErrors';
import { checkedEntityBytes } from './entityLimits';

/** Entity-group transaction limits; Azurite does not enforce them, so this code does. */
export const transactionLimits = {
  maxOperations: 100,
  maxBytes: 4 * 1024 * 1024,
} as const;

// The estimate counts each entity's JSON; the multipart envelope, per-operation headers, the URL
// (keys percent-encoded) and @odata.type annotations come on top, so leave a wide margin.
const perOperationOverheadBytes = 2048;
const budgetBytes = transactionLimits.maxBytes - 512 * 1024;

export interface PlannedTransaction {
  partitionKey: string;
  actions: TransactionAction[];
  estimatedBytes: number;
}

function entityOf(action: TransactionAction): TableEntity {
  return action[1];
}

/**
 * Splits actions into transactions of one partition, at most 100 operations and well under 4 MiB,
 * keeping each partition's order. Validates every key and entity first, so a bad one fails the
 * whole plan before anything is written.
 */
export function planTransactions(actions: readonly TransactionAction[]): PlannedTransaction[] {
  const sized = actions.map((action) => {
    const entity = entityOf(action);
    const bytes = checkedEntityBytes(entity) * 1.1 + perOperationOverheadBytes + 3 * (entity.partitionKey.length + entity.rowKey.length);
    if (bytes > budgetBytes) throw new InvalidEntityError(`entity ${entity.rowKey} is too large for a transaction`);
    return { action, bytes, partitionKey: entity.partitionKey };
  });

  const byPartition = new Map<string, typeof sized>();
  for (const item of sized) {
    const list = byPartition.get(item.partitionKey) ?? [];
    list.push(item);
    byPartition.set(item.partitionKey, list);
  }

  const plan: PlannedTransaction[] = [];
  for (const [partitionKey, items] of byPartition) {
    let current: PlannedTransaction | undefined;
    for (const item of items) {
      const full = current && (current.actions.length >= transactionLimits.maxOperations || current.estimatedBytes + item.bytes > budgetBytes);
      if (!current || full) {
        current = { partitionKey, actions: [], estimatedBytes: 0 };
        plan.push(current);
      }
      current.actions.push(item.action);
      current.estimatedBytes += item.bytes;
    }
  }
  return plan;
}
