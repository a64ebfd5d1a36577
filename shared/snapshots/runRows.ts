/**
 * ocSnapshotRuns holds three kinds of rows, told apart by PartitionKey (and the `kind` column):
 * - `run` / runId: one row per run (who started it, when, how many tenants);
 * - `run-<runId>` / msTenantId: each tenant's outcome in that run;
 * - `tenant` / msTenantId: each tenant's snapshot state (last success, lease, journal);
 * - `request` / msTenantId: each tenant's latest snapshot request (one pending run, least interval).
 */
export const runPartition = 'run';
export const outcomePartition = (runId: string) => `run-${runId}`;
export const tenantStatePartition = 'tenant';
export const snapshotRequestPartition = 'request';

export type RunTrigger = 'schedule' | 'manual';

export interface RunEntity {
  partitionKey: typeof runPartition;
  rowKey: string;
  kind: 'run';
  runId: string;
  trigger: RunTrigger;
  startedAt: Date;
  /** The schedule slot a scheduled run belongs to. */
  scheduledFor?: Date;
  /** Set once the tenants are known; until then the run is still being dispatched. */
  tenantCount?: number;
  /** Set once every tenant's message is on the queue. */
  enqueuedAt?: Date;
  force?: boolean;
  /** Why the run could not be dispatched (tenant discovery failed). */
  error?: string;
}

export type TenantStatus = 'running' | 'succeeded' | 'suspect' | 'failed';
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'suspect';

export interface TenantCounts {
  added: number;
  changed: number;
  released: number;
  reactivated: number;
  unchanged: number;
  /** Releases the mass-removal guard held back (status `suspect`). */
  withheldReleases: number;
}

export const zeroCounts = (): TenantCounts => ({ added: 0, changed: 0, released: 0, reactivated: 0, unchanged: 0, withheldReleases: 0 });

export interface OutcomeEntity extends TenantCounts {
  partitionKey: string;
  rowKey: string;
  kind: 'tenantOutcome';
  runId: string;
  msTenantId: string;
  channelId?: number;
  status: TenantStatus;
  /** Queue deliveries so far (the host's dequeueCount). */
  attempts: number;
  startedAt: Date;
  finishedAt?: Date;
  durationMs?: number;
  /** Records the upstream sent that failed the core schema, and numbers it listed twice. */
  droppedRecords?: number;
  duplicateNumbers?: number;
  /** A readable reason: never a token, secret or upstream body. */
  error?: string;
  /** Change events Event Grid accepted after this tenant's run, and why publishing stopped early (retried by later runs). */
  eventsPublished?: number;
  eventsError?: string;
}

/** The tenant's latest requested run: requestTenantSnapshot answers with it while it is pending. */
export interface SnapshotRequestEntity {
  partitionKey: typeof snapshotRequestPartition;
  rowKey: string;
  kind: 'snapshotRequest';
  msTenantId: string;
  lastRequestedAt: Date;
  lastRunId: string;
  force?: boolean;
  channelId?: number;
}
