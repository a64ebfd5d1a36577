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
  /** The channel of its latest run (listTenants). */
  channelId?: number;
  /** The latest run's outcome (succeeded, suspect, or failed after taking the lease) and when it ended. */
  lastOutcome?: 'succeeded' | 'suspect' | 'failed';
  lastOutcomeAt?: Date;
  /** TenantSummary as JSON, kept by every run (tenantSummary.ts), so listTenants reads no number row. */
  summary?: string;
  /** Set once every row of the tenant has its ocNumberIndex row (numberIndex.ts); absent for rows of older versions. */
  indexVersion?: number;
  /** Journal: a run whose change rows may be written but whose number rows may not all be. */
  pendingRunId?: string;
  pendingDetectedAt?: Date;
}

/**
 * The index version a tenant's state row records once every row of the tenant is in ocNumberIndex:
 * 1 wrote one partition per number, 2 writes blocks of 100 numbers (numberIndex.ts). A tenant whose
 * state records another is reindexed by its next run.
 */
export const numberIndexVersion = 2;

export function emptyTenantState(msTenantId: string): TenantStateEntity {
  return { partitionKey: tenantStatePartition, rowKey: msTenantId, kind: 'tenantState', msTenantId };
}
