import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { Logger } from '../logging/logger';
import { odata } from '../storage/odata';
import { isNotFound } from '../storage/storageErrors';
import type { SnapshotTables } from '../storage/snapshotTables';
import { submitTransactions } from '../storage/submitTransactions';
import { planTransactions } from '../storage/transactionPlan';
import { outcomePartition, runPartition, tenantStatePartition } from './runRows';
import { invertedTime } from './runIds';

/**
 * Retention, run by the scheduler: change rows older than SNAPSHOT_CHANGES_RETENTION_DAYS and snapshot
 * runs (their row and their tenants' outcomes) older than SNAPSHOT_RUNS_RETENTION_DAYS are deleted in
 * batched transactions (one partition, ≤ 100 deletes each). 0 keeps all. ocNumbers, ocNumberIndex and
 * the tenants' state rows are never touched. Both kinds of RowKey start with the inverted time, newest
 * first, so what is old is one key range per partition; at most `maxDeletes` rows go per call, the
 * rest at the next schedule slot.
 */
export interface RetentionSettings {
  changesRetentionDays: number;
  runsRetentionDays: number;
}

export interface RetentionResult {
  changes: number;
  runs: number;
  outcomes: number;
}

const dayMs = 86_400_000;
const defaultMaxDeletes = 50_000;

export async function applyRetention(
  tables: SnapshotTables,
  settings: RetentionSettings,
  log: Logger,
  now = Date.now(),
  maxDeletes = defaultMaxDeletes,
): Promise<RetentionResult> {
  const result: RetentionResult = { changes: 0, runs: 0, outcomes: 0 };
  const budget = { left: maxDeletes };
  if (settings.changesRetentionDays > 0) {
    const olderThan = invertedTime(now - settings.changesRetentionDays * dayMs);
    for (const msTenantId of await tenantsWithState(tables.runs)) {
      if (budget.left <= 0) break;
      result.changes += await deleteKeys(tables.changes, odata`PartitionKey eq ${msTenantId} and RowKey gt ${olderThan}`, budget);
    }
  }
  if (settings.runsRetentionDays > 0) {
    const olderThan = invertedTime(now - settings.runsRetentionDays * dayMs);
    const runIds = (await keysOf(tables.runs, odata`PartitionKey eq ${runPartition} and RowKey gt ${olderThan}`)).map((key) => key.rowKey);
    for (const runId of runIds) {
      if (budget.left <= 0) break;
      // Outcomes first: a run row without outcomes left behind by a crash is found again next time.
      result.outcomes += await deleteKeys(tables.runs, odata`PartitionKey eq ${outcomePartition(runId)}`, budget);
      if (budget.left <= 0) break;
      await deleteBatch(tables.runs, [{ partitionKey: runPartition, rowKey: runId }]);
      budget.left--;
      result.runs++;
    }
  }
  if (result.changes + result.runs + result.outcomes > 0) {
    log.info(`Retention deleted ${result.changes} change row(s) and ${result.runs} run(s) with ${result.outcomes} tenant outcome(s)`);
  }
  return result;
}

interface Keys {
  partitionKey: string;
  rowKey: string;
}

async function tenantsWithState(runs: TableClient): Promise<string[]> {
  return (await keysOf(runs, odata`PartitionKey eq ${tenantStatePartition}`)).map((key) => key.rowKey);
}

async function keysOf(table: TableClient, filter: string): Promise<Keys[]> {
  const keys: Keys[] = [];
  try {
    for await (const page of table.listEntities<object>({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } }).byPage({ maxPageSize: 1000 })) {
      for (const entity of page) keys.push({ partitionKey: entity.partitionKey as string, rowKey: entity.rowKey as string });
    }
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  return keys;
}

/** Deletes what the filter matches, a page of keys at a time, within the budget. */
async function deleteKeys(table: TableClient, filter: string, budget: { left: number }): Promise<number> {
  let deleted = 0;
  try {
    for await (const page of table.listEntities<object>({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } }).byPage({ maxPageSize: 1000 })) {
      const keys = page.slice(0, budget.left).map((entity) => ({ partitionKey: entity.partitionKey as string, rowKey: entity.rowKey as string }));
      await deleteBatch(table, keys);
      deleted += keys.length;
      budget.left -= keys.length;
      if (budget.left <= 0) break;
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  return deleted;
}

async function deleteBatch(table: TableClient, keys: readonly Keys[]): Promise<void> {
  if (keys.length === 0) return;
  await submitTransactions(table, planTransactions(keys.map((key): TransactionAction => ['delete', { partitionKey: key.partitionKey, rowKey: key.rowKey }])));
}
