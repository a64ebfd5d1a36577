import type { TableClient } from '@azure/data-tables';
import { listAllEntities } from '../storage/listAllEntities';
import { odata } from '../storage/odata';
import { isNotFound } from '../storage/storageErrors';
import { fromIndexEntity, indexRangeOf } from '../snapshots/numberIndex';
import { effectiveUnassignedSince } from '../snapshots/unassignedSince';
import type { FoundNumberBody, NumberHolderView } from './viewBodies';

/**
 * Who holds a number now and who held it: one read of its RowKey range in its ocNumberIndex block
 * (one row per tenant that ever held it), never a scan. Rows of the first index layout lie outside
 * every such range (numberIndex.ts). Tenants outside ALLOWED_TENANTS are left out entirely;
 * null when no visible tenant ever held it.
 */
export async function findNumber(index: TableClient, telephoneNumber: string, allowedTenants: ReadonlySet<string> | null): Promise<FoundNumberBody | null> {
  let entities: Record<string, unknown>[];
  try {
    const range = indexRangeOf(telephoneNumber);
    entities = await listAllEntities<Record<string, unknown>>(index, {
      filter: odata`PartitionKey eq ${range.partitionKey} and RowKey ge ${range.from} and RowKey lt ${range.before}`,
    });
  } catch (error) {
    // No snapshot has run yet, so there is no table.
    if (isNotFound(error)) return null;
    throw error;
  }
  const holdings = entities.map(fromIndexEntity).filter(({ msTenantId }) => !allowedTenants || allowedTenants.has(msTenantId));
  if (holdings.length === 0) return null;
  // Newest holding first: by when it began, then by its latest change.
  holdings.sort(
    (a, b) => b.row.meta.firstSeenAt.getTime() - a.row.meta.firstSeenAt.getTime() || b.row.meta.lastChangedAt.getTime() - a.row.meta.lastChangedAt.getTime(),
  );
  const holders: NumberHolderView[] = holdings.map(({ msTenantId, row }) => ({
    msTenantId,
    state: row.meta.state,
    firstSeenAt: row.meta.firstSeenAt.toISOString(),
    lastChangedAt: row.meta.lastChangedAt.toISOString(),
    releasedAt: row.meta.releasedAt?.toISOString() ?? null,
  }));
  const active = holdings.find(({ row }) => row.meta.state === 'active');
  const current = active
    ? {
        ...active.row.record,
        msTenantId: active.msTenantId,
        state: 'active' as const,
        firstSeenAt: active.row.meta.firstSeenAt.toISOString(),
        lastChangedAt: active.row.meta.lastChangedAt.toISOString(),
        unassignedSince: effectiveUnassignedSince(active.row.record, active.row.meta)?.toISOString() ?? null,
      }
    : null;
  return { telephoneNumber, current, holders };
}
