import type { TableClient } from '@azure/data-tables';
import { publishAfterRun } from '../events/publishAfterRun';
import { DomainError } from '../errors/domainError';
import { ensureSnapshotTables } from '../storage/snapshotTables';
import { snapshotQueue } from '../storage/snapshotQueue';
import { isNotFound } from '../storage/storageErrors';
import { storedProperties } from '../storage/storedEntity';
import { failureReason } from './failureReason';
import { outcomePartition, zeroCounts, type OutcomeEntity } from './runRows';
import type { SnapshotRequestMessage } from './snapshotRequestMessage';
import { snapshotTenantNumbers, type SnapshotDependencies } from './snapshotTenantNumbers';

/**
 * One queue delivery: snapshots the tenant and records its outcome in the run. A failure is thrown
 * back so the host retries the message; on the host's last delivery (or when retrying cannot help)
 * the tenant is recorded as failed with a readable reason instead. Its number rows stay as they were.
 */
export async function processSnapshotMessage(deps: SnapshotDependencies, message: SnapshotRequestMessage, dequeueCount: number): Promise<OutcomeEntity> {
  const { tables, log } = deps;
  await ensureSnapshotTables(tables);
  const started = Date.now();
  const previous = await readOutcome(tables.runs, message.runId, message.msTenantId);
  if (previous && (previous.status === 'succeeded' || previous.status === 'suspect')) {
    log.info(`Tenant ${message.msTenantId} already has its outcome in run ${message.runId}; duplicate delivery ignored`);
    return previous;
  }

  const refusal = deps.tenantRefusal?.(message.msTenantId);
  const running: OutcomeEntity = {
    partitionKey: outcomePartition(message.runId),
    rowKey: message.msTenantId,
    kind: 'tenantOutcome',
    runId: message.runId,
    msTenantId: message.msTenantId,
    ...(message.channelId === null ? {} : { channelId: message.channelId }),
    status: 'running',
    attempts: dequeueCount,
    startedAt: previous?.startedAt ?? new Date(started),
    ...zeroCounts(),
  };
  if (refusal !== undefined) {
    // Recorded as failed at once and nothing else written: no upstream call, no number or change row.
    log.warn(`Snapshot request for tenant ${message.msTenantId} in run ${message.runId} refused: ${refusal}`);
    const refused: OutcomeEntity = { ...running, status: 'failed', error: `Refused: ${refusal}`, finishedAt: new Date(), durationMs: Date.now() - started };
    await tables.runs.upsertEntity(refused, 'Replace');
    return refused;
  }
  // Replace: the outcome row is always written whole, so no column of an earlier attempt lingers.
  await tables.runs.upsertEntity(running, 'Replace');

  try {
    const result = await snapshotTenantNumbers(deps, {
      runId: message.runId,
      msTenantId: message.msTenantId,
      channelId: message.channelId,
      force: message.force ?? false,
      correlationId: message.correlationId ?? message.runId,
    });
    const outcome: OutcomeEntity = {
      ...running,
      ...result.counts,
      status: result.status,
      droppedRecords: result.droppedRecords,
      duplicateNumbers: result.duplicateNumbers,
      finishedAt: new Date(),
      durationMs: Date.now() - started,
      ...(await publishAfterRun(deps, message.runId)),
    };
    await tables.runs.upsertEntity(outcome, 'Replace');
    return outcome;
  } catch (error) {
    const reason = failureReason(error);
    const last = dequeueCount >= snapshotQueue.maxDequeueCount || isPermanent(error);
    log.error(`Tenant ${message.msTenantId} snapshot attempt ${dequeueCount} of ${snapshotQueue.maxDequeueCount} failed: ${reason}${logDetail(error)}`);
    if (!last) {
      await tables.runs.upsertEntity({ ...running, error: reason }, 'Replace').catch(() => undefined);
      throw error;
    }
    const failed: OutcomeEntity = {
      ...running,
      status: 'failed',
      error: reason,
      finishedAt: new Date(),
      durationMs: Date.now() - started,
      ...(await publishAfterRun(deps, message.runId)),
    };
    await tables.runs.upsertEntity(failed, 'Replace');
    return failed;
  }
}

async function readOutcome(runs: TableClient, runId: string, msTenantId: string): Promise<OutcomeEntity | undefined> {
  try {
    return storedProperties<OutcomeEntity>(await runs.getEntity<OutcomeEntity>(outcomePartition(runId), msTenantId));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Failures a retry cannot cure (a tenant the Live Platform does not know, a record Table Storage cannot hold) are recorded at once. */
function isPermanent(error: unknown): boolean {
  return error instanceof DomainError && error.permanent;
}

/** The log may say more than the outcome row: the domain error's log-only reason. */
function logDetail(error: unknown): string {
  return error instanceof DomainError && error.logReason ? ` (${error.logReason})` : '';
}
