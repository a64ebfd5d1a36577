import type { TableClient } from '@azure/data-tables';
import { listAllEntities } from '../storage/listAllEntities';
import { odata } from '../storage/odata';
import { isNotFound } from '../storage/storageErrors';
import { tenantStatePartition } from '../snapshots/runRows';
import type { TenantStateEntity } from '../snapshots/tenantState';
import { parseSummary, unassignedShare } from '../snapshots/tenantSummary';
import type { TenantView } from './viewBodies';

/** The columns listTenants reads: the tenant's state row without its lease, journal or last result. */
const tenantColumns = ['RowKey', 'channelId', 'summary', 'activeCount', 'lastSucceededAt', 'lastRunId', 'lastOutcome'];

export interface TenantFilters {
  allowedTenants: ReadonlySet<string> | null;
  unassignedShareAbove: number | undefined;
  staleSnapshotHours: number | undefined;
  now: Date;
}

/**
 * Every snapshotted tenant from the `tenant` partition of ocSnapshotRuns, where each run keeps the
 * tenant's counts (tenantSummary.ts): a request reads no number row. By tenant id.
 */
export async function readTenantViews(runs: TableClient, filters: TenantFilters): Promise<TenantView[]> {
  let rows: (Partial<TenantStateEntity> & { rowKey?: string })[];
  try {
    rows = await listAllEntities<Partial<TenantStateEntity>>(runs, { filter: odata`PartitionKey eq ${tenantStatePartition}`, select: tenantColumns });
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const staleBefore = filters.staleSnapshotHours === undefined ? undefined : filters.now.getTime() - filters.staleSnapshotHours * 3_600_000;
  const views: TenantView[] = [];
  for (const row of rows) {
    const msTenantId = row.rowKey ?? '';
    if (filters.allowedTenants && !filters.allowedTenants.has(msTenantId)) continue;
    const view = tenantView(msTenantId, row);
    if (filters.unassignedShareAbove !== undefined && !((view.unassignedShare ?? 0) > filters.unassignedShareAbove)) continue;
    if (staleBefore !== undefined && row.lastSucceededAt && row.lastSucceededAt.getTime() >= staleBefore) continue;
    views.push(view);
  }
  return views;
}

function tenantView(msTenantId: string, row: Partial<TenantStateEntity>): TenantView {
  const summary = parseSummary(row.summary);
  return {
    msTenantId,
    channelId: row.channelId ?? null,
    // A tenant an older version snapshotted has only its active count until its next run.
    active: summary?.active ?? row.activeCount ?? null,
    released: summary?.released ?? null,
    unassigned: summary?.unassigned ?? null,
    unassignedShare: summary ? unassignedShare(summary) : null,
    byAssignmentStatus: summary?.byAssignmentStatus ?? null,
    byAcquiredNumberStatus: summary?.byAcquiredNumberStatus ?? null,
    byIsoCountryCode: summary?.byIsoCountryCode ?? null,
    lastSucceededAt: row.lastSucceededAt?.toISOString() ?? null,
    lastRunId: row.lastRunId ?? null,
    lastOutcome: row.lastOutcome ?? null,
  };
}
