import { requestTenantSnapshotRoute } from '../shared/api/routes/requestTenantSnapshotRoute';
import type { SnapshotRequestedBody } from '../shared/api/schemas/snapshotSchemas';
import { single } from '../shared/http/queryParameters';
import { registerRoute } from '../shared/http/registerRoute';
import { channelFrom, tenantFromPath } from '../shared/http/requestParameters';
import { requestSnapshotRun } from '../shared/snapshots/requestSnapshotRun';
import { appSnapshotQueue } from '../shared/storage/snapshotQueue';
import { appSnapshotTables } from '../shared/storage/snapshotTables';

registerRoute(requestTenantSnapshotRoute, async (request, { query, settings, correlationId, log }) => {
  const msTenantId = tenantFromPath(request.params['msTenantId'], settings());
  const channelId = channelFrom(single(query, 'channelId'), request.headers.get('x-ovoc-channel-id'), settings());
  const force = single(query, 'force') === 'true';
  const runId = await requestSnapshotRun(appSnapshotTables(), appSnapshotQueue(), { msTenantId, channelId, force, correlationId });
  log.info(`Snapshot of tenant ${msTenantId} requested as run ${runId}${force ? ' (force)' : ''}`);
  const location = new URL(`/api/snapshot-runs?runId=${encodeURIComponent(runId)}`, request.url).toString();
  return {
    status: 202,
    headers: { Location: location, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify({ runId, msTenantId, channelId, force, status: 'queued' } satisfies SnapshotRequestedBody),
  };
});
