import type { TableClient } from '@azure/data-tables';
import { odata } from '../storage/odata';
import { listAllEntities } from '../storage/listAllEntities';
import { listingPage } from '../storage/listingPage';
import { runWithConcurrency } from '../storage/runWithConcurrency';
import { isNotFound } from '../storage/storageErrors';
import { outcomePartition, runPartition, zeroCounts, type OutcomeEntity, type RunEntity, type RunStatus, type TenantCounts } from './runRows';
import { dispatchAbandoned, runStatus, settledOutcome } from './runStatus';

export interface TenantOutcomeView extends TenantCounts {
  msTenantId: string;
  channelId: number | null;
  status: OutcomeEntity['status'];
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  droppedRecords: number;
  duplicateNumbers: number;
  error: string | null;
  /** Why publishing change events stopped after this tenant's run; null when it did not fail. */
  eventsError: string | null;
}

export interface RunView {
  runId: string;
  trigger: RunEntity['trigger'];
  status: RunStatus;
  startedAt: string;
  scheduledFor: string | null;
  force: boolean;
  tenantCount: number | null;
  /** Tenants with a final outcome so far. */
  reportedCount: number;
  totals: TenantCounts;
  error: string | null;
  tenants: TenantOutcomeView[];
}

export interface RunsPageQuery {
  top: number;
  continuation?: string | undefined;
  /** ALLOWED_TENANTS: outcomes of other tenants are left out of the answer. */
  allowedTenants: ReadonlySet<string> | null;
}

const continuationScope = 'snapshot-runs';

/** Runs newest first (their RowKeys sort that way), each with its tenants' outcomes. */
export async function readRunsPage(runs: TableClient, query: RunsPageQuery): Promise<{ runs: RunView[]; continuation?: string }> {
  const page = await listingPage<RunEntity>(runs, {
    filter: odata`PartitionKey eq ${runPartition}`,
    top: query.top,
    continuation: query.continuation,
    scope: continuationScope,
  });
  // Under ALLOWED_TENANTS a run with no visible tenant is left out of the page (runView gives null).
  const views = (await runWithConcurrency(page.entities, 8, (run) => runView(runs, run, query.allowedTenants))).filter(
    (view): view is RunView => view !== null,
  );
  return page.continuation === undefined ? { runs: views } : { runs: views, continuation: page.continuation };
}

export async function readRun(runs: TableClient, runId: string, allowedTenants: ReadonlySet<string> | null): Promise<RunView | null> {
  try {
    return await runView(runs, await runs.getEntity<RunEntity>(runPartition, runId), allowedTenants, { showPending: true });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * A run as the caller may see it. Under ALLOWED_TENANTS only its visible tenants count: their
 * outcomes, their number (tenantCount), and the status derived from them; a run none of whose
 * recorded outcomes is visible is not shown (null), except by id while it may still record one
 * (`showPending`: a caller polls the run it just requested before its first delivery).
 */
async function runView(
  runs: TableClient,
  run: RunEntity,
  allowedTenants: ReadonlySet<string> | null,
  options: { showPending?: boolean } = {},
): Promise<RunView | null> {
  const now = Date.now();
  // A tenant left `running` after the host gave up on its message is reported as failed.
  const outcomes = (await listAllEntities<OutcomeEntity>(runs, { filter: odata`PartitionKey eq ${outcomePartition(run.runId)}` })).map((outcome) =>
    settledOutcome(outcome, now),
  );
  const shown = allowedTenants ? outcomes.filter((outcome) => allowedTenants.has(outcome.msTenantId)) : outcomes;
  let counted: Pick<RunEntity, 'tenantCount' | 'error' | 'startedAt' | 'enqueuedAt'> = run;
  if (allowedTenants) {
    const overall = runStatus(
      run,
      outcomes.map((outcome) => outcome.status),
      now,
    );
    if (shown.length === 0 && !(options.showPending && overall === 'running')) return null;
    // The visible tenants are all the run has for this caller: once they have outcomes it is no longer running for them.
    counted = { ...run, tenantCount: shown.length === 0 ? undefined : shown.length };
  }
  const totals = zeroCounts();
  for (const outcome of shown) for (const key of Object.keys(totals) as (keyof TenantCounts)[]) totals[key] += outcome[key] ?? 0;
  return {
    runId: run.runId,
    trigger: run.trigger,
    status: runStatus(
      counted,
      shown.map((outcome) => outcome.status),
      now,
    ),
    startedAt: run.startedAt.toISOString(),
    scheduledFor: run.scheduledFor?.toISOString() ?? null,
    force: run.force ?? false,
    tenantCount: counted.tenantCount ?? null,
    reportedCount: shown.filter((outcome) => outcome.status !== 'running').length,
    totals,
    error:
      run.error ??
      (dispatchAbandoned(run, now)
        ? 'The run was never dispatched: its snapshot requests were not all enqueued (storage unavailable when it was requested?). Request it again.'
        : null),
    tenants: shown.map(outcomeView),
  };
}

function outcomeView(outcome: OutcomeEntity): TenantOutcomeView {
  return {
    msTenantId: outcome.msTenantId,
    channelId: outcome.channelId ?? null,
    status: outcome.status,
    added: outcome.added,
    changed: outcome.changed,
    released: outcome.released,
    reactivated: outcome.reactivated,
    unchanged: outcome.unchanged,
    withheldReleases: outcome.withheldReleases,
    attempts: outcome.attempts,
    startedAt: outcome.startedAt.toISOString(),
    finishedAt: outcome.finishedAt?.toISOString() ?? null,
    durationMs: outcome.durationMs ?? null,
    droppedRecords: outcome.droppedRecords ?? 0,
    duplicateNumbers: outcome.duplicateNumbers ?? 0,
    error: outcome.error ?? null,
    eventsError: outcome.eventsError ?? null,
  };
}
