import { changesQueryFrom, getTenantNumberChangesRoute } from '../shared/api/routes/getTenantNumberChangesRoute';
import type { ChangesPageBody } from '../shared/api/schemas/snapshotSchemas';
import { continuationLink } from '../shared/http/nextLink';
import { single } from '../shared/http/queryParameters';
import { registerRoute } from '../shared/http/registerRoute';
import { channelFrom, tenantFromPath } from '../shared/http/requestParameters';
import { representation } from '../shared/http/representation';
import { appSnapshotTables } from '../shared/storage/snapshotTables';
import { lateLoad } from '../shared/runtime/lateLoad';

/** Loaded on its first invocation: the first live lookup after a cold start does not wait for it (docs/performance.md). */
const changes = lateLoad<typeof import('../shared/snapshots/readChanges')>(require, '../shared/snapshots/readChanges');

registerRoute(getTenantNumberChangesRoute, async (request, { query, settings }) => {
  const msTenantId = tenantFromPath(request.params['msTenantId'], settings());
  channelFrom(single(query, 'channelId'), request.headers.get('x-ovoc-channel-id'), settings());
  const page = await changes().readChangesPage(appSnapshotTables().changes, changesQueryFrom(msTenantId, query));
  const value = page.changes.map(({ msTenantId: _tenant, detectedAt, ...change }) => ({ ...change, detectedAt: detectedAt.toISOString() }));
  const body = JSON.stringify({ msTenantId, count: value.length, value, nextLink: continuationLink(request.url, page.continuation) } satisfies ChangesPageBody);
  return representation(request, body, 'application/json; charset=utf-8', body);
});
