import { app, type InvocationContext } from '@azure/functions';
import { getSettings } from '../shared/config/settings';
import { invocationLogger } from '../shared/logging/logger';
import { parseSnapshotMessage } from '../shared/snapshots/snapshotRequestMessage';
import { snapshotQueue } from '../shared/storage/snapshotQueue';
import { lateLoad } from '../shared/runtime/lateLoad';

/** Loaded on its first invocation: the first live lookup after a cold start does not wait for it (docs/performance.md). */
const dependencies = lateLoad<typeof import('../shared/snapshots/liveSnapshotDependencies')>(require, '../shared/snapshots/liveSnapshotDependencies');
const snapshotWork = lateLoad<typeof import('../shared/snapshots/processSnapshotMessage')>(require, '../shared/snapshots/processSnapshotMessage');

/** The host counts deliveries from 1; it arrives as a number or as text depending on the host version. */
function dequeueCountOf(context: InvocationContext): number {
  const count = Number(context.triggerMetadata?.['dequeueCount']);
  return Number.isInteger(count) && count > 0 ? count : 1;
}

export async function snapshotTenant(queueItem: unknown, context: InvocationContext): Promise<void> {
  const message = parseSnapshotMessage(queueItem);
  const log = invocationLogger(context, message.correlationId ?? message.runId);
  const outcome = await snapshotWork().processSnapshotMessage(dependencies().liveSnapshotDependencies(getSettings(), log), message, dequeueCountOf(context));
  log.info(
    `Tenant ${outcome.msTenantId} in run ${outcome.runId}: ${outcome.status} (added ${outcome.added}, changed ${outcome.changed}, ` +
      `released ${outcome.released}, reactivated ${outcome.reactivated}, unchanged ${outcome.unchanged})`,
  );
}

app.storageQueue('snapshotTenant', {
  queueName: snapshotQueue.name,
  connection: snapshotQueue.connection,
  handler: snapshotTenant,
});
