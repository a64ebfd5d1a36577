import { app } from '@azure/functions';
import { requestTenantSnapshotRoute as entry } from '../shared/api/routes/requestTenantSnapshotRoute';
import type { SnapshotRequestedBody } from '../shared/api/schemas/snapshotSchemas';
import { hostAuthLevel, requireForceRight } from '../shared/auth/callerAuth';
import { httpFunction } from '../shared/http/httpFunction';
import { single } from '../shared/http/queryParameters';
import { queryParser } from '../shared/http/queryParser';
import { channelFrom, tenantFromPath } from '../shared/http/requestParameters';
import { basePath } from '../shared/api/servedAddress';
import { ApiError } from '../shared/http/apiError';
import { publicLink } from '../shared/http/publicAddress';
import { requestSnapshotRun } from '../shared/snapshots/requestSnapshotRun';
import { snapshotTenantRefusal } from '../shared/snapshots/snapshotTenantPolicy';
import { processSnapshotQueue } from '../shared/storage/snapshotQueue';
import { processSnapshotTables } from '../shared/storage/snapshotTables';

const query = queryParser(entry);

export const requestTenantSnapshot = httpFunction(entry, async (request, scope) => {
  const settings = scope.settings();
  const msTenantId = tenantFromPath(request.params['msTenantId'], settings);
  const parsed = query.parse(request.query);
  const channelId = channelFrom(single(parsed, 'channelId'), request.headers.get('x-ovoc-channel-id'), settings);
  // The worker would refuse it (and record the run failed): say so now instead.
  const refusal = snapshotTenantRefusal(settings, msTenantId);
  if (refusal !== undefined) throw new ApiError(403, 'tenant-not-allowed', 'Tenant not allowed', refusal);
  const force = single(parsed, 'force') === 'true';
  if (force) requireForceRight(scope.caller, settings);
  const run = await requestSnapshotRun(processSnapshotTables(), processSnapshotQueue(), { msTenantId, channelId, force, correlationId: scope.correlationId, minSeconds: settings.snapshotRequestMinSeconds });
  const { runId } = run;
  scope.log.info(run.status === 'queued' ? `Snapshot of tenant ${msTenantId} requested as run ${runId}${force ? ' (force)' : ''}` : `Snapshot of tenant ${msTenantId} requested while its run ${runId} is pending: that run is the answer`);
  const location = publicLink(request.url, `${basePath}/snapshot-runs?runId=${encodeURIComponent(runId)}`);
  return {
    status: 202,
    headers: { Location: location, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify({ runId, msTenantId, channelId: run.channelId, force: run.force, status: run.status } satisfies SnapshotRequestedBody),
  };
});

app.http(entry.name, { methods: [entry.method], authLevel: hostAuthLevel(entry), route: entry.route, handler: requestTenantSnapshot });
