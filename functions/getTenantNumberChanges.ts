import { app } from '@azure/functions';
import { getTenantNumberChangesRoute as entry } from '../shared/api/routes/getTenantNumberChangesRoute';
import type { ChangesPageBody } from '../shared/api/schemas/snapshotSchemas';
import { hostAuthLevel } from '../shared/auth/callerAuth';
import { httpFunction } from '../shared/http/httpFunction';
import { single } from '../shared/http/queryParameters';
import { queryParser } from '../shared/http/queryParser';
import { channelFrom, tenantFromPath } from '../shared/http/requestParameters';
import { representation } from '../shared/http/representation';
import { toChangesQuery } from '../shared/snapshots/changesQuery';
import { nextLinkWith, withCheckedContinuation } from '../shared/snapshots/listingPaging';
import { readChangesPage } from '../shared/snapshots/readChanges';
import { processSnapshotTables } from '../shared/storage/snapshotTables';

const query = queryParser(entry);

export const getTenantNumberChanges = httpFunction(entry, async (request, scope) => {
  const settings = scope.settings();
  const msTenantId = tenantFromPath(request.params['msTenantId'], settings);
  const parsed = query.parse(request.query);
  channelFrom(single(parsed, 'channelId'), request.headers.get('x-ovoc-channel-id'), settings);
  const changesQuery = toChangesQuery(msTenantId, parsed);

  const page = await withCheckedContinuation(() => readChangesPage(processSnapshotTables().changes, changesQuery));
  const value = page.changes.map(({ msTenantId: _tenant, detectedAt, ...change }) => ({ ...change, detectedAt: detectedAt.toISOString() }));
  const body = JSON.stringify({ msTenantId, count: value.length, value, nextLink: nextLinkWith(request.url, page.continuation) } satisfies ChangesPageBody);
  return representation(request, body, 'application/json; charset=utf-8', body);
});

app.http(entry.name, { methods: [entry.method], authLevel: hostAuthLevel(entry), route: entry.route, handler: getTenantNumberChanges });
