import { tenantStatePartition } from './runRows';

/** The tenant's row in ocSnapshotRuns (PartitionKey `tenant`): kept once per tenant, not per number. */
export interface TenantStateEntity {
  partitionKey: typeof tenantStatePartition;
  rowKey: string;
  kind: 'tenantState';
  msTenantId: string;
  /** When its numbers were last confirmed: the latest run that succeeded (`takenAt` of source=snapshot). */
  lastSucceededAt?: Date;
  lastSnapshotRunId?: string;
  activeCount?: number;
  /** The latest finished run and its result as JSON, so a retried message reports it instead of redoing it. */
  lastRunId?: string;
  lastRunResult?: string;
  /** Who is snapshotting the tenant now, and until when (renewed while it works). */
  leaseOwner?: string;
  leaseUntil?: Date;
  /**
   * answerDigest of the upstream answer the active ocNumbers rows equal, written only by a run that
   * made them equal (succeeded, nothing withheld) and removed before any run writes numbers: while it
   * matches the next answer, that run reads nothing back and writes nothing.
   */
  answerDigest?: string;
  /** Journal: a run whose change rows may be written but whose number rows may not all be. */
  pendingRunId?: string;
  pendingDetectedAt?: Date;
}

export function emptyTenantState(msTenantId: string): TenantStateEntity {
  return { partitionKey: tenantStatePartition, rowKey: msTenantId, kind: 'tenantState', msTenantId };
}
