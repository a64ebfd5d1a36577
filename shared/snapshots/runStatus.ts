import type { OutcomeEntity, RunEntity, RunStatus, TenantStatus } from './runRows';

/**
 * How long a tenant may stay `running` before it counts as failed. The host delivers a message at
 * most maxDequeueCount (5) times, each bounded by functionTimeout (10 min) and followed by the
 * visibility timeout (30 s): past this, no delivery is left to record an outcome — the last one
 * died with storage unavailable, or its process ended — and the message is in the poison queue.
 */
export const abandonedAfterMs = 2 * 60 * 60_000;

/** A run whose messages were not all enqueued this long after it started will not be dispatched (scheduleSnapshotRun takes over after the same time). */
export const dispatchDeadlineMs = 11 * 60_000;

/** A dispatch that died part-way: the run row exists, its messages were never all enqueued. */
export function dispatchAbandoned(run: Partial<Pick<RunEntity, 'startedAt' | 'enqueuedAt' | 'error'>>, now = Date.now()): boolean {
  return !run.error && !run.enqueuedAt && run.startedAt !== undefined && now - run.startedAt.getTime() > dispatchDeadlineMs;
}

/** A tenant outcome still `running` long after its first delivery: reported as failed, with why. */
export function settledOutcome(outcome: OutcomeEntity, now = Date.now()): OutcomeEntity {
  if (outcome.status !== 'running' || now - outcome.startedAt.getTime() <= abandonedAfterMs) return outcome;
  const last = outcome.error ? ` Last error: ${outcome.error}` : '';
  return {
    ...outcome,
    status: 'failed',
    error: `No outcome was recorded within ${abandonedAfterMs / 3_600_000} h of the first delivery (${outcome.attempts} so far); the host has given up on the message.${last}`,
  };
}

/**
 * A run's status, derived from its tenants' outcomes when read (no shared counter for every tenant
 * to contend on): `running` until every tenant has a final outcome, then `failed` if all failed,
 * `partial` if some did, `suspect` if any tenant's releases were withheld, else `succeeded`.
 */
export function runStatus(
  run: Pick<RunEntity, 'tenantCount' | 'error'> & Partial<Pick<RunEntity, 'startedAt' | 'enqueuedAt'>>,
  tenantStatuses: readonly TenantStatus[],
  now = Date.now(),
): RunStatus {
  if (run.error || dispatchAbandoned(run, now)) return 'failed';
  if (run.tenantCount === undefined) return 'running';
  const final = tenantStatuses.filter((status) => status !== 'running');
  if (final.length < run.tenantCount) return 'running';
  const failed = final.filter((status) => status === 'failed').length;
  if (failed > 0) return failed === final.length ? 'failed' : 'partial';
  return final.includes('suspect') ? 'suspect' : 'succeeded';
}
