import type { QueueClient } from '@azure/storage-queue';
import { ensureSnapshotTables, type SnapshotTables } from '../storage/snapshotTables';
import { enqueueSnapshotRequests } from './enqueueSnapshotRequests';
import { runPartition, type RunEntity } from './runRows';
import { manualRunId } from './runIds';

export interface ManualRunRequest {
  msTenantId: string;
  channelId: number | null;
  force: boolean;
  correlationId: string;
}

/** A manual run of one tenant: its run row, then its message (visible at once). */
export async function requestSnapshotRun(tables: SnapshotTables, queue: QueueClient, request: ManualRunRequest): Promise<string> {
  await ensureSnapshotTables(tables);
  const startedAt = new Date();
  const runId = manualRunId(startedAt.getTime());
  const run: RunEntity = { partitionKey: runPartition, rowKey: runId, kind: 'run', runId, trigger: 'manual', startedAt, tenantCount: 1, force: request.force };
  await tables.runs.createEntity(run);
  const message = { runId, msTenantId: request.msTenantId, channelId: request.channelId, requestedAt: startedAt.toISOString(), correlationId: request.correlationId };
  await enqueueSnapshotRequests(queue, [{ message: request.force ? { ...message, force: true } : message, delaySeconds: 0 }]);
  // Merge: only marks the dispatch as complete.
  await tables.runs.updateEntity({ partitionKey: runPartition, rowKey: runId, enqueuedAt: new Date() }, 'Merge');
  return runId;
}
