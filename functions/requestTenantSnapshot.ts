import { app } from '@azure/functions';
import { requestTenantSnapshotRoute as entry } from '../shared/api/routes/requestTenantSnapshotRoute';
import type { SnapshotRequestedBody } from '../shared/api/schemas/snapshotSchemas';
import { hostAuthLevel, requireForceRight } from '../shared/auth/callerAuth';
import { httpFunction } from '../shared/http/httpFunction';
import { single } from '../shared/http/queryParameters';
import { queryParser } from '../shared/http/queryParser';
import { channelFrom, tenantFromPath } from '../shared/http/requestParameters';
import { requestSnapshotRun } from '../shared/snapshots/requestSnapshotRun';
import { processSnapshotQueue } from '../shared/storage/snapshotQueue';
import { processSnapshotTables } from '../shared/storage/snapshotTables';

const query = queryParser(entry);

export const requestTenantSnapshot = httpFunction(entry, async (request, scope) => {
  const settings = scope.settings();
  const msTenantId = tenantFromPath(request.params['msTenantId'], settings);
  const parsed = query.parse(request.query);
  const channelId = channelFrom(single(parsed, 'channelId'), request.headers.get('x-ovoc-channel-id'), settings);
  const force = single(parsed, 'force') === 'true';
  if (force) requireForceRight(scope.caller, settings);
  const runId = await requestSnapshotRun(processSnapshotTables(), processSnapshotQueue(), { msTenantId, channelId, force, correlationId: scope.correlationId });
  scope.log.info(`Snapshot of tenant ${msTenantId} requested as run ${runId}${force ? ' (force)' : ''}`);
  const location = new URL(`/api/snapshot-runs?runId=${encodeURIComponent(runId)}`, request.url).toString();
  return {
    status: 202,
    headers: { Location: location, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify({ runId, msTenantId, channelId, force, status: 'queued' } satisfies SnapshotRequestedBody),
  };
});

app.http(entry.name, { methods: [entry.method], authLevel: hostAuthLevel(entry), route: entry.route, handler: requestTenantSnapshot });
