import type { QueueClient } from '@azure/storage-queue';
import type { Settings, SnapshotTenant } from '../config/settings';
import type { Logger } from '../logging/logger';
import { ensureSnapshotTables, type SnapshotTables } from '../storage/snapshotTables';
import { isConflict, isPreconditionFailed } from '../storage/storageErrors';
import { enqueueSnapshotRequests } from './enqueueSnapshotRequests';
import { failureReason } from './failureReason';
import { resolveSnapshotTenants, type FetchCustomers } from './resolveSnapshotTenants';
import { runPartition, type RunEntity } from './runRows';
import { scheduledRunId } from './runIds';
import { staggerDelaySeconds } from './staggerDelays';

export interface SchedulerDependencies {
  tables: SnapshotTables;
  queue: QueueClient;
  settings: Settings;
  fetchCustomers: FetchCustomers;
  log: Logger;
}

export type ScheduleResult = { kind: 'dispatched'; runId: string; tenantCount: number } | { kind: 'skipped'; reason: string };

/** Longer than the function timeout: a dispatch that started this long ago and never finished is dead. */
const dispatchDeadlineMs = 11 * 60_000;

/**
 * A scheduled run: claims the schedule slot by inserting the run row (a doubled or past-due firing
 * of the same slot finds it and stops), resolves the tenants, and enqueues one message per tenant,
 * staggered (staggerDelays.ts). A dispatch that died part-way is taken over by a later firing of
 * its slot; tenants it had already enqueued get a duplicate message, which the worker recognises.
 */
export async function scheduleSnapshotRun(deps: SchedulerDependencies, slotMs: number): Promise<ScheduleResult> {
  const { tables, settings, log } = deps;
  if (settings.snapshotTenants === null) return { kind: 'skipped', reason: 'SNAPSHOT_TENANTS is not set' };
  await ensureSnapshotTables(tables);

  const runId = scheduledRunId(slotMs);
  const run: RunEntity = {
    partitionKey: runPartition,
    rowKey: runId,
    kind: 'run',
    runId,
    trigger: 'schedule',
    startedAt: new Date(),
    scheduledFor: new Date(slotMs),
  };
  const claimed = await claimSlot(tables, run);
  if (!claimed) return { kind: 'skipped', reason: `run ${runId} for this schedule slot was already dispatched` };

  let tenants: SnapshotTenant[];
  try {
    tenants = (await resolveSnapshotTenants(settings, deps.fetchCustomers, log)) ?? [];
  } catch (error) {
    // Merge: adds the outcome columns to the run row and keeps the rest.
    await tables.runs.updateEntity(
      { partitionKey: runPartition, rowKey: runId, error: `Tenant discovery failed: ${failureReason(error)}`, tenantCount: 0 },
      'Merge',
    );
    throw error;
  }
  const requestedAt = new Date().toISOString();
  await enqueueSnapshotRequests(
    deps.queue,
    tenants.map((tenant, index) => ({
      message: { runId, msTenantId: tenant.msTenantId, channelId: tenant.channelId, requestedAt },
      delaySeconds: staggerDelaySeconds(index, settings.rateLimit, settings.interactiveReserve),
    })),
  );
  await tables.runs.updateEntity({ partitionKey: runPartition, rowKey: runId, tenantCount: tenants.length, enqueuedAt: new Date() }, 'Merge');
  log.info(
    `Run ${runId}: ${tenants.length} tenant(s) enqueued over ${tenants.length === 0 ? 0 : staggerDelaySeconds(tenants.length - 1, settings.rateLimit, settings.interactiveReserve)} s`,
  );
  return { kind: 'dispatched', runId, tenantCount: tenants.length };
}

/** True when this firing owns the slot: it inserted the run row, or took over a dispatch that died. */
async function claimSlot(tables: SnapshotTables, run: RunEntity): Promise<boolean> {
  try {
    await tables.runs.createEntity(run);
    return true;
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  const existing = await tables.runs.getEntity<RunEntity>(runPartition, run.rowKey);
  if (existing.enqueuedAt || Date.now() - existing.startedAt.getTime() < dispatchDeadlineMs) return false;
  try {
    // Conditional on the ETag: of two firings taking over at once, one wins.
    await tables.runs.updateEntity({ partitionKey: runPartition, rowKey: run.rowKey, startedAt: new Date() }, 'Merge', { etag: existing.etag });
    return true;
  } catch (error) {
    if (isPreconditionFailed(error)) return false;
    throw error;
  }
}
