import { app, type InvocationContext, type Timer } from '@azure/functions';
import { getSettings } from '../shared/config/settings';
import { getLivePlatformClient } from '../shared/live-platform/livePlatform';
import { invocationLogger } from '../shared/logging/logger';
import { failureReason } from '../shared/snapshots/failureReason';
import { scheduleSlotMs } from '../shared/snapshots/scheduleSlot';
import { appSnapshotTables } from '../shared/storage/snapshotTables';
import { lateLoad } from '../shared/runtime/lateLoad';

/** Loaded on its first invocation: the first live lookup after a cold start does not wait for it (docs/performance.md). */
const retention = lateLoad<typeof import('../shared/snapshots/applyRetention')>(require, '../shared/snapshots/applyRetention');
const scheduling = lateLoad<typeof import('../shared/snapshots/scheduleSnapshotRun')>(require, '../shared/snapshots/scheduleSnapshotRun');
const queue = lateLoad<typeof import('../shared/storage/snapshotQueue')>(require, '../shared/storage/snapshotQueue');

export async function snapshotScheduler(timer: Timer, context: InvocationContext): Promise<void> {
  const settings = getSettings();
  const correlationId = context.invocationId;
  const log = invocationLogger(context, correlationId);
  const result = await scheduling().scheduleSnapshotRun(
    {
      tables: appSnapshotTables(),
      queue: queue().appSnapshotQueue(),
      settings,
      fetchCustomers: () => getLivePlatformClient(settings).fetchCustomers({ channelId: settings.defaultChannelId, correlationId, log, waitForBudget: true }),
      log,
    },
    scheduleSlotMs(timer, Date.now()),
  );
  if (result.kind === 'skipped') log.info(`Snapshot run skipped: ${result.reason}`);
  // After the run is dispatched, so old rows never hold a run up; a failure waits for the next slot.
  await retention()
    .applyRetention(appSnapshotTables(), settings, log)
    .catch((error: unknown) => log.warn(`Retention failed; it runs again at the next schedule slot: ${failureReason(error)}`));
}

app.timer('snapshotScheduler', {
  schedule: '%SNAPSHOT_SCHEDULE%',
  runOnStartup: false,
  // Persisted schedule status: a missed slot fires once after a restart, and names the slot it stands for.
  useMonitor: true,
  handler: snapshotScheduler,
});
