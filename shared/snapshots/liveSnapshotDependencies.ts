import type { Settings } from '../config/settings';
import { eventGridPublisher } from '../events/eventGridPublisher';
import { getLivePlatformClient } from '../live-platform/livePlatform';
import type { Logger } from '../logging/logger';
import { appSnapshotTables } from '../storage/snapshotTables';
import { snapshotTenantRefusal } from './snapshotTenantPolicy';
import type { SnapshotDependencies } from './snapshotTenantNumbers';

/** The worker's dependencies in the app: the process's tables and Live Platform client. */
export function liveSnapshotDependencies(settings: Settings, log: Logger): SnapshotDependencies {
  return {
    tables: appSnapshotTables(),
    // Straight to the Live Platform (never the HTTP result cache), queuing for the rate budget.
    fetchTenantNumbers: (msTenantId, call) => getLivePlatformClient(settings).fetchTenantNumbers(msTenantId, { ...call, waitForBudget: true }),
    schemaMode: settings.schemaMode,
    maxRemovalRatio: settings.snapshotMaxRemovalRatio,
    log,
    tenantRefusal: (msTenantId) => snapshotTenantRefusal(settings, msTenantId),
    // The lease is held through the upstream call, which may take up to LIVE_PLATFORM_TIMEOUT_MS.
    leaseMs: Math.max(5 * 60_000, settings.timeoutMs + 60_000),
    events: eventGridPublisher(settings),
  };
}
