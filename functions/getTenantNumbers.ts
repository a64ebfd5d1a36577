import { app } from '@azure/functions';
import { getTenantNumbersRoute as entry } from '../shared/api/routes/getTenantNumbersRoute';
import { hostAuthLevel } from '../shared/auth/callerAuth';
import { httpFunction } from '../shared/http/httpFunction';
import { queryParser } from '../shared/http/queryParser';
import { channelFrom, tenantFromPath } from '../shared/http/requestParameters';
import { skipsCache } from '../shared/http/representation';
import { loadTenantNumbers } from '../shared/numbers/loadTenantNumbers';
import { numberListResponse } from '../shared/numbers/numberListResponse';
import { toNumberQuery } from '../shared/numbers/numberQuery';
import { readSnapshotNumbers } from '../shared/snapshots/readSnapshotNumbers';

const query = queryParser(entry);

export const getTenantNumbers = httpFunction(entry, async (request, scope) => {
  const settings = scope.settings();
  const msTenantId = tenantFromPath(request.params['msTenantId'], settings);
  const numberQuery = toNumberQuery(query.parse(request.query));
  const channelId = channelFrom(numberQuery.channelId, request.headers.get('x-ovoc-channel-id'), settings);
  const lookup = { msTenantId, channelId, correlationId: scope.correlationId, traceparent: scope.traceparent, log: scope.log, skipCache: skipsCache(request) };
  const loaded = await loadTenantNumbers(settings, numberQuery.source, lookup, readSnapshotNumbers);
  return numberListResponse(request, msTenantId, channelId, numberQuery, loaded);
});

app.http(entry.name, { methods: [entry.method], authLevel: hostAuthLevel(entry), route: entry.route, handler: getTenantNumbers });
