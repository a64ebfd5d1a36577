import { app } from '@azure/functions';
import { httpFunction } from '../shared/http/httpFunction';
import { compileQuery, single } from '../shared/http/queryParameters';
import { channelFrom, channelIdParameter, tenantFromPath } from '../shared/http/requestParameters';
import { requestSnapshotRun } from '../shared/snapshots/requestSnapshotRun';
import { processSnapshotQueue } from '../shared/storage/snapshotQueue';
import { processSnapshotTables } from '../shared/storage/snapshotTables';

const query = compileQuery({
  channelId: channelIdParameter,
  force: { schema: { enum: ['true', 'false'] }, mustBe: 'true or false' },
});

export const requestTenantSnapshot = httpFunction(async (request, scope) => {
  const settings = scope.settings();
  const msTenantId = tenantFromPath(request.params['msTenantId'], settings);
  const parsed = query.parse(request.query);
  const channelId = channelFrom(single(parsed, 'channelId'), request.headers.get('x-ovoc-channel-id'), settings);
  const force = single(parsed, 'force') === 'true';
  const runId = await requestSnapshotRun(processSnapshotTables(), processSnapshotQueue(), { msTenantId, channelId, force, correlationId: scope.correlationId });
  scope.log.info(`Snapshot of tenant ${msTenantId} requested as run ${runId}${force ? ' (force)' : ''}`);
  const location = new URL(`/api/snapshot-runs?runId=${encodeURIComponent(runId)}`, request.url).toString();
  return {
    status: 202,
    headers: { Location: location, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify({ runId, msTenantId, channelId, force, status: 'queued' }),
  };
});

app.http('requestTenantSnapshot', {
  methods: ['POST'],
  authLevel: 'function',
  route: 'tenants/{msTenantId}/snapshots',
  handler: requestTenantSnapshot,
});
