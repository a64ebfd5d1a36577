import { odata } from '@azure/data-tables';
import type { NumberRecord } from '../numbers/numberRecord';
import { listAllEntities } from '../storage/listAllEntities';
import { appSnapshotTables, type SnapshotTables } from '../storage/snapshotTables';
import { isNotFound } from '../storage/storageErrors';
import { fromNumberEntity } from './numberEntity';
import { tenantStatePartition } from './runRows';
import { SnapshotReadCache } from './snapshotReadCache';
import type { TenantStateEntity } from './tenantState';

const cache = new SnapshotReadCache();

/**
 * The tenant's active numbers as of its last successful snapshot, or null when it never had one.
 * One point read of its state row names the latest run that wrote its rows; the rows themselves come
 * from the read cache, loaded once per such run (snapshotReadCache.ts). The key is the latest finished
 * run, not only the latest successful one, because a suspect run applies its adds and changes too;
 * and a run still writing (its journal mark) keys its own entry, replaced once the run finishes.
 */
export async function readTenantSnapshotFromTables(
  msTenantId: string,
  tables: SnapshotTables = appSnapshotTables(),
): Promise<{ records: NumberRecord[]; takenAt: string } | null> {
  let state: TenantStateEntity;
  try {
    state = await tables.runs.getEntity<TenantStateEntity>(tenantStatePartition, msTenantId, {
      queryOptions: { select: ['lastSucceededAt', 'lastRunId', 'pendingRunId'] },
    });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  const { lastSucceededAt } = state;
  if (!lastSucceededAt) return null;
  const takenAt = lastSucceededAt.toISOString();
  const version = `${state.lastRunId ?? takenAt} ${state.pendingRunId ?? ''}`;
  const snapshot = await cache.get(`${tables.numbers.url}/${tables.numbers.tableName}/${msTenantId}`, version, async () => {
    const rows = await listAllEntities<Record<string, unknown>>(tables.numbers, { filter: odata`PartitionKey eq ${msTenantId} and state eq ${'active'}` });
    return { records: rows.map((row) => fromNumberEntity(row).record), takenAt };
  });
  return snapshot && { records: snapshot.records, takenAt };
}

/** For tests and benchmarks that need a cold read. */
export function clearSnapshotReadCache(): void {
  cache.clear();
}
