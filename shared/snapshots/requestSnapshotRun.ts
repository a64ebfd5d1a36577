import type { TableClient } from '@azure/data-tables';
import type { QueueClient } from '@azure/storage-queue';
import { SnapshotRequestedRecentlyError } from '../errors/requestErrors';
import { isConflict, isNotFound, isPreconditionFailed } from '../storage/storageErrors';
import { storedProperties } from '../storage/storedEntity';
import { ensureSnapshotTables, type SnapshotTables } from '../storage/snapshotTables';
import { enqueueSnapshotRequests } from './enqueueSnapshotRequests';
import { outcomePartition, runPartition, snapshotRequestPartition, type OutcomeEntity, type RunEntity, type SnapshotRequestEntity } from './runRows';
import { manualRunId } from './runIds';
import { dispatchAbandoned, settledOutcome } from './runStatus';

export interface ManualRunRequest {
  msTenantId: string;
  channelId: number | null;
  force: boolean;
  correlationId: string;
  /** SNAPSHOT_REQUEST_MIN_SECONDS: least time between two requests of one tenant that each queue a run. */
  minSeconds: number;
}

export interface RequestedRun {
  runId: string;
  channelId: number | null;
  force: boolean;
  /** `queued`: this request queued the run; `pending`: the tenant's earlier requested run is still queued or running. */
  status: 'queued' | 'pending';
}

/** A request row naming a run whose run row is not there yet is another request still dispatching it, for this long. */
const dispatchGraceMs = 60_000;

/**
 * A manual run of one tenant (docs/deploy.md "Snapshot requests"): while the tenant's previous
 * requested run is queued or running, that run is the answer (nothing new is queued); otherwise a
 * request within `minSeconds` of the previous one is refused with 429. The tenant's request row is
 * claimed with its ETag first, so two requests at the same time queue one run, not two.
 */
export async function requestSnapshotRun(tables: SnapshotTables, queue: QueueClient, request: ManualRunRequest): Promise<RequestedRun> {
  await ensureSnapshotTables(tables);
  for (let attempt = 0; ; attempt++) {
    const previous = await readRequest(tables.runs, request.msTenantId);
    const now = Date.now();
    if (previous) {
      const { entity } = previous;
      if (await stillPending(tables.runs, entity, now)) {
        return { runId: entity.lastRunId, channelId: entity.channelId ?? null, force: entity.force ?? false, status: 'pending' };
      }
      const waitMs = entity.lastRequestedAt.getTime() + request.minSeconds * 1000 - now;
      if (waitMs > 0) throw new SnapshotRequestedRecentlyError(request.msTenantId, Math.ceil(waitMs / 1000));
    }
    const startedAt = new Date(now);
    const runId = manualRunId(now);
    const claim: SnapshotRequestEntity = {
      partitionKey: snapshotRequestPartition,
      rowKey: request.msTenantId,
      kind: 'snapshotRequest',
      msTenantId: request.msTenantId,
      lastRequestedAt: startedAt,
      lastRunId: runId,
      force: request.force,
      ...(request.channelId === null ? {} : { channelId: request.channelId }),
    };
    try {
      // Replace with the ETag read (or create): a concurrent request that claimed first makes this fail.
      if (previous) await tables.runs.updateEntity(claim, 'Replace', { etag: previous.etag });
      else await tables.runs.createEntity(claim);
    } catch (error) {
      if ((isPreconditionFailed(error) || isConflict(error)) && attempt < 3) continue;
      throw error;
    }
    await dispatch(tables, queue, request, runId, startedAt);
    return { runId, channelId: request.channelId, force: request.force, status: 'queued' };
  }
}

/** The run row, then its message (visible at once), then the mark that it is enqueued. */
async function dispatch(tables: SnapshotTables, queue: QueueClient, request: ManualRunRequest, runId: string, startedAt: Date): Promise<void> {
  const run: RunEntity = { partitionKey: runPartition, rowKey: runId, kind: 'run', runId, trigger: 'manual', startedAt, tenantCount: 1, force: request.force };
  await tables.runs.createEntity(run);
  const message = {
    runId,
    msTenantId: request.msTenantId,
    channelId: request.channelId,
    requestedAt: startedAt.toISOString(),
    correlationId: request.correlationId,
  };
  await enqueueSnapshotRequests(queue, [{ message: request.force ? { ...message, force: true } : message, delaySeconds: 0 }]);
  // Merge: only marks the dispatch as complete.
  await tables.runs.updateEntity({ partitionKey: runPartition, rowKey: runId, enqueuedAt: new Date() }, 'Merge');
}

async function readRequest(runs: TableClient, msTenantId: string): Promise<{ entity: SnapshotRequestEntity; etag: string } | undefined> {
  try {
    const stored = await runs.getEntity<SnapshotRequestEntity>(snapshotRequestPartition, msTenantId);
    return { entity: storedProperties(stored), etag: stored.etag };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Queued or running: no final outcome for the tenant yet, and neither its dispatch nor its deliveries given up on. */
async function stillPending(runs: TableClient, request: SnapshotRequestEntity, now: number): Promise<boolean> {
  const outcome = await readOptional<OutcomeEntity>(runs, outcomePartition(request.lastRunId), request.msTenantId);
  if (outcome) return settledOutcome(outcome, now).status === 'running';
  const run = await readOptional<RunEntity>(runs, runPartition, request.lastRunId);
  if (!run) return now - request.lastRequestedAt.getTime() < dispatchGraceMs;
  return !run.error && !dispatchAbandoned(run, now);
}

async function readOptional<T extends object>(runs: TableClient, partitionKey: string, rowKey: string): Promise<T | undefined> {
  try {
    return storedProperties(await runs.getEntity<T>(partitionKey, rowKey));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
