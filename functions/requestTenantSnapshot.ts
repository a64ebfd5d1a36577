import { requestTenantSnapshotRoute } from '../shared/api/routes/requestTenantSnapshotRoute';
import type { SnapshotRequestedBody } from '../shared/api/schemas/snapshotSchemas';
import { basePath } from '../shared/api/servedAddress';
import { requireForceRight } from '../shared/auth/callerAuth';
import { TenantNotAllowedError } from '../shared/errors/requestErrors';
import { publicLink } from '../shared/http/publicAddress';
import { single } from '../shared/http/queryParameters';
import { registerRoute } from '../shared/http/registerRoute';
import { channelFrom, tenantFromPath } from '../shared/http/requestParameters';
import { snapshotTenantRefusal } from '../shared/snapshots/snapshotTenantPolicy';
import { appSnapshotTables } from '../shared/storage/snapshotTables';
import { lateLoad } from '../shared/runtime/lateLoad';

/** Loaded on its first invocation: the first live lookup after a cold start does not wait for it (docs/performance.md). */
const snapshotRequests = lateLoad<typeof import('../shared/snapshots/requestSnapshotRun')>(require, '../shared/snapshots/requestSnapshotRun');
const queue = lateLoad<typeof import('../shared/storage/snapshotQueue')>(require, '../shared/storage/snapshotQueue');

registerRoute(requestTenantSnapshotRoute, async (request, { query, settings, correlationId, log, caller }) => {
  const msTenantId = tenantFromPath(request.params['msTenantId'], settings());
  // The worker would refuse it (and record the run failed): say so now instead.
  if (snapshotTenantRefusal(settings(), msTenantId) !== undefined) throw new TenantNotAllowedError(msTenantId, 'SNAPSHOT_TENANTS');
  const channelId = channelFrom(single(query, 'channelId'), request.headers.get('x-ovoc-channel-id'), settings());
  const force = single(query, 'force') === 'true';
  if (force) requireForceRight(caller, settings());
  const run = await snapshotRequests().requestSnapshotRun(appSnapshotTables(), queue().appSnapshotQueue(), {
    msTenantId,
    channelId,
    force,
    correlationId,
    minSeconds: settings().snapshotRequestMinSeconds,
  });
  const { runId } = run;
  log.info(
    run.status === 'queued'
      ? `Snapshot of tenant ${msTenantId} requested as run ${runId}${force ? ' (force)' : ''}`
      : `Snapshot of tenant ${msTenantId} requested while its run ${runId} is pending: that run is the answer`,
  );
  const location = publicLink(request.url, `${basePath}/snapshot-runs?runId=${encodeURIComponent(runId)}`);
  return {
    status: 202,
    headers: { Location: location, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify({ runId, msTenantId, channelId: run.channelId, force: run.force, status: run.status } satisfies SnapshotRequestedBody),
  };
});
