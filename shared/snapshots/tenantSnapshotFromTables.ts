import { odata } from '@azure/data-tables';
import type { NumberRecord } from '../numbers/numberRecord';
import { listAllEntities } from '../storage/listAllEntities';
import { appSnapshotTables } from '../storage/snapshotTables';
import { isNotFound } from '../storage/storageErrors';
import { fromNumberEntity } from './numberEntity';
import { tenantStatePartition } from './runRows';
import type { TenantStateEntity } from './tenantState';

/** The tenant's active numbers as of its last successful snapshot, or null when it never had one. */
export async function readTenantSnapshotFromTables(msTenantId: string): Promise<{ records: NumberRecord[]; takenAt: string } | null> {
  const tables = appSnapshotTables();
  let state: TenantStateEntity;
  try {
    state = await tables.runs.getEntity<TenantStateEntity>(tenantStatePartition, msTenantId, { queryOptions: { select: ['lastSucceededAt'] } });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  if (!state.lastSucceededAt) return null;
  const rows = await listAllEntities<Record<string, unknown>>(tables.numbers, { filter: odata`PartitionKey eq ${msTenantId} and state eq ${'active'}` });
  return { records: rows.map((row) => fromNumberEntity(row).record), takenAt: state.lastSucceededAt.toISOString() };
}
