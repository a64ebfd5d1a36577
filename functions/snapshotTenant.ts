import { app, type InvocationContext } from '@azure/functions';
import { getSettings } from '../shared/config/settings';
import { invocationLogger } from '../shared/logging/logger';
import { liveSnapshotDependencies } from '../shared/snapshots/liveSnapshotDependencies';
import { processSnapshotMessage } from '../shared/snapshots/processSnapshotMessage';
import { parseSnapshotMessage } from '../shared/snapshots/snapshotRequestMessage';
import { snapshotQueue } from '../shared/storage/snapshotQueue';

/** The host counts deliveries from 1; it arrives as a number or as text depending on the host version. */
function dequeueCountOf(context: InvocationContext): number {
  const count = Number(context.triggerMetadata?.['dequeueCount']);
  return Number.isInteger(count) && count > 0 ? count : 1;
}

export async function snapshotTenant(queueItem: unknown, context: InvocationContext): Promise<void> {
  const message = parseSnapshotMessage(queueItem);
  const log = invocationLogger(context, message.correlationId ?? message.runId);
  const outcome = await processSnapshotMessage(liveSnapshotDependencies(getSettings(), log), message, dequeueCountOf(context));
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
