import { randomBytes } from 'node:crypto';
import type { SchemaMode } from '../config/settings';
import type { EventPublisher } from '../events/publishChangeEvents';
import type { Logger } from '../logging/logger';
import type { NumberRecord } from '../numbers/numberRecord';
import { normaliseRecords } from '../numbers/normaliseRecords';
import { ensureSnapshotTables, type SnapshotTables } from '../storage/snapshotTables';
import { buildChanges } from './buildChanges';
import { answerDigest, storedDigest } from './answerDigest';
import { planJournal, recoverPendingChanges, writeJournal, type PlannedJournal } from './changeJournal';
import { allUnchanged, diffNumbers, firstOfEachNumber } from './diffNumbers';
import { withholdReleases } from './massRemovalGuard';
import type { NumberChange } from './numberChange';
import { contentHashesOf } from './numberContent';
import type { TenantCounts } from './runRows';
import { tenantCounts } from './tenantCounts';
import { readDiffIndex, readNumberRows } from './storedNumbers';
import { TenantLease } from './tenantLease';
import { settleIndexAndSummary } from './numberIndex';
import { summaryOfRun, viewColumns, type TenantSummary } from './tenantSummary';

/*
 * One tenant's snapshot: fetch, diff against ocNumbers, write only the differences.
 *
 * Concurrency — a lease, not bare optimistic writes. Two snapshots of one tenant (a scheduled and a
 * manual run, or a message delivered twice) take turns on an ETag-guarded lease on the tenant's state
 * row; the second waits (polling with back-off, at most a little longer than a lease lasts) and then
 * runs normally, finding nothing left to record. The lease is taken BEFORE the upstream fetch: a
 * snapshot that fetched earlier but wrote later would otherwise apply an older answer over a newer
 * one and record a change back and forth; and a second delivery of the same run's message can
 * answer from the state row without calling the Live Platform at all.
 *
 * Crash safety — a write-ahead journal. With changes to make, the order is:
 *   1. state row: pendingRunId/pendingDetectedAt = this run (conditional on the lease's ETag);
 *   2. ocNumberChanges rows, keyed by (detection time, run, number): a rewrite lands on the same row;
 *   3. ocNumbers rows (Replace), each a pure function of its change row and its firstSeenAt;
 *      then the change feed commit of those change rows (feed/commitToFeed.ts: at most once per run);
 *   4. state row: pending cleared, lastSucceededAt/lastSnapshotRunId/activeCount set, lease released.
 * A crash before 1 wrote nothing. A crash after 1 leaves the mark: the next snapshot of the tenant
 * first re-applies the number rows of every change row that run managed to write (idempotent), then
 * diffs as usual, so a change whose row was never written is found again — under the new run — and
 * one whose row was written is not found again. Every change is recorded exactly once, and ocNumbers
 * ends equal to the upstream answer. With no changes, only step 4 writes (and the run's outcome row).
 *
 * Unchanged answers — step 4 of a run that succeeded stores the answer's digest (answerDigest.ts),
 * tied to that run as the tenant's lastRunId, and step 1 removes it, so a digest that is still tied
 * to the latest run describes the active rows. A later answer with the same digest is the same
 * numbers with the same content: the run skips reading the partition. A run that found another's
 * journal mark neither trusts nor stores a digest (a late write of the interrupted run could still
 * land), and neither does recovery keep one; with `force` (say, after someone edited ocNumbers by
 * hand) every row is compared anyway.
 */

export interface SnapshotRequest {
  runId: string;
  msTenantId: string;
  channelId: number | null;
  force: boolean;
  correlationId: string;
}

export type FetchTenantNumbers = (msTenantId: string, call: { channelId: number | null; correlationId: string; log: Logger }) => Promise<unknown[]>;

export interface SnapshotDependencies {
  tables: SnapshotTables;
  /** The Live Platform numbers call, waiting for the rate budget (never the HTTP result cache). */
  fetchTenantNumbers: FetchTenantNumbers;
  schemaMode: SchemaMode;
  maxRemovalRatio: number;
  log: Logger;
  /** Why this tenant must not be snapshotted (outside the tenant lists), checked on every message; undefined: it may. */
  tenantRefusal?: (msTenantId: string) => string | undefined;
  /** How long a lease lasts without renewal (default 5 minutes); tests shorten it to restart quickly after a simulated crash. */
  leaseMs?: number;
  /** Where committed changes are published (EVENT_GRID_TOPIC_ENDPOINT), after each tenant's run. */
  events?: EventPublisher | undefined;
}

export interface SnapshotResult {
  status: 'succeeded' | 'suspect';
  counts: TenantCounts;
  droppedRecords: number;
  duplicateNumbers: number;
}

const defaultLeaseMs = 5 * 60_000;

/** What a run found and will write, decided before anything is written. */
interface RunPlan {
  result: SnapshotResult;
  detectedAt: Date;
  activeCount: number;
  digest: string;
  journal: PlannedJournal | undefined;
  /** The tenant's counts after the run, when the run alone can tell them (tenantSummary.ts). */
  summary: TenantSummary | undefined;
}

/**
 * Fetches, compares and plans. Its own function so that the answer, the diff and the changes are
 * garbage once planned, instead of kept alive by the snapshot's async frame through every write.
 */
async function planRun(
  deps: SnapshotDependencies,
  request: SnapshotRequest,
  lease: TenantLease,
  journal: { interrupted: boolean; recovered: readonly NumberChange[] },
): Promise<RunPlan> {
  const { tables, log } = deps;
  const { msTenantId, runId } = request;
  const { records, droppedCount, duplicates } = await fetchRecords(deps, request);
  const detectedAt = new Date();
  if (duplicates.length > 0) log.warn(`Tenant ${msTenantId}: the upstream listed ${duplicates.length} number(s) twice; the first occurrence of each was kept`);
  await lease.ensure((deps.leaseMs ?? defaultLeaseMs) / 2);

  const hashOf = contentHashesOf(records);
  const digest = answerDigest(records, hashOf);
  const { answerDigest: lastDigest, lastRunId } = lease.state;
  const unchangedAnswer = !request.force && !journal.interrupted && lastRunId !== undefined && lastDigest === storedDigest(lastRunId, digest);
  const diff = unchangedAnswer ? allUnchanged(records.length) : diffNumbers(await readDiffIndex(tables.numbers, msTenantId), records, hashOf);
  const withhold = withholdReleases({
    releases: diff.released.length,
    previouslyActive: diff.previouslyActive,
    upstreamCount: records.length,
    maxRemovalRatio: deps.maxRemovalRatio,
    force: request.force,
  });
  if (withhold)
    log.warn(`Tenant ${msTenantId}: ${diff.released.length} of ${diff.previouslyActive} active numbers would be released; releases withheld (suspect)`);
  const releases = withhold ? [] : diff.released;

  const needBefore = [...diff.changed, ...diff.reactivated].map((record) => record.telephoneNumber).concat(releases);
  const stored = await readNumberRows(tables.numbers, msTenantId, needBefore);
  const changes = buildChanges({ msTenantId, runId, detectedAt }, diff, releases, stored);
  const listed = new Set(records.map((record) => record.telephoneNumber));
  const result: SnapshotResult = {
    status: withhold ? 'suspect' : 'succeeded',
    counts: tenantCounts(
      diff,
      releases,
      withhold,
      journal.recovered.filter((change) => change.runId === runId),
      listed,
    ),
    droppedRecords: droppedCount,
    duplicateNumbers: duplicates.length,
  };
  return {
    result,
    detectedAt,
    activeCount: diff.previouslyActive + diff.added.length + diff.reactivated.length - releases.length,
    digest,
    journal: planJournal(changes, stored, hashOf),
    summary: summaryOfRun(records, {
      previouslyReleased: diff.previouslyReleased,
      reactivated: diff.reactivated.length,
      released: releases.length,
      withheld: withhold,
      unchangedAnswer,
      storedSummary: lease.state.summary,
    }),
  };
}

/**
 * The upstream answer as one normalised record per number. Its own function so that the raw answer
 * (100k objects for a large tenant) is garbage once normalised, not kept alive by the snapshot's
 * async frame through every write that follows.
 */
async function fetchRecords(
  deps: SnapshotDependencies,
  request: SnapshotRequest,
): Promise<{ records: NumberRecord[]; droppedCount: number; duplicates: string[] }> {
  const upstream = await deps.fetchTenantNumbers(request.msTenantId, { channelId: request.channelId, correlationId: request.correlationId, log: deps.log });
  const normalised = normaliseRecords(upstream, deps.schemaMode);
  return { ...firstOfEachNumber(normalised.records), droppedCount: normalised.droppedCount };
}

export async function snapshotTenantNumbers(deps: SnapshotDependencies, request: SnapshotRequest): Promise<SnapshotResult> {
  const { tables, log } = deps;
  const { msTenantId, runId } = request;
  const leaseMs = deps.leaseMs ?? defaultLeaseMs;
  const owner = `${runId}/${randomBytes(4).toString('hex')}`;
  await ensureSnapshotTables(tables);
  const lease = await TenantLease.acquire(tables.runs, msTenantId, { owner, leaseMs, maxWaitMs: leaseMs + 30_000, log });
  let done = false;
  try {
    const interrupted = lease.state.pendingRunId !== undefined;
    const recovered = await recoverPendingChanges(tables, lease, log);
    if (lease.state.lastRunId === runId && lease.state.lastRunResult) {
      log.info(`Tenant ${msTenantId}: run ${runId} already finished; reporting its result`);
      await lease.release();
      done = true;
      return JSON.parse(lease.state.lastRunResult) as SnapshotResult;
    }

    const run = await planRun(deps, request, lease, { interrupted, recovered });
    await writeJournal(tables, lease, run.journal);
    await lease.ensure(60_000);
    const summary = await settleIndexAndSummary(tables, lease.state, request.force, run.summary);

    const { result, detectedAt } = run;
    const { pendingRunId: _run, pendingDetectedAt: _at, answerDigest: _digest, ...state } = lease.state;
    const confirmed = result.status === 'succeeded' ? { lastSucceededAt: detectedAt, lastSnapshotRunId: runId } : {};
    // After an interrupted run, a late write of it could still land: the next run compares every row.
    const trusted = result.status === 'succeeded' && !interrupted ? { answerDigest: storedDigest(runId, run.digest) } : {};
    await lease.release({
      ...state,
      ...confirmed,
      ...trusted,
      activeCount: run.activeCount,
      lastRunId: runId,
      lastRunResult: JSON.stringify(result),
      ...viewColumns(request, summary, result.status),
    });
    done = true;
    return result;
  } finally {
    // Give the lease back at once after a failure, so the retry need not wait for it to run out.
    if (!done)
      await lease
        .release({ ...lease.state, lastOutcome: 'failed', lastOutcomeAt: new Date() })
        .catch(() => log.warn(`Tenant ${msTenantId}: could not release the snapshot lease; it runs out by itself`));
  }
}
