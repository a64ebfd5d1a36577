import { app } from '@azure/functions';
import { getOcNumbersRoute as entry } from '../shared/api/routes/getOcNumbersRoute';
import { hostAuthLevel } from '../shared/auth/callerAuth';
import { httpFunction } from '../shared/http/httpFunction';
import { single } from '../shared/http/queryParameters';
import { queryParser } from '../shared/http/queryParser';
import { channelFrom, tenantFromPath } from '../shared/http/requestParameters';
import { representation, skipsCache } from '../shared/http/representation';
import { getLiveTenantNumbers } from '../shared/live-platform/liveTenantNumbers';

// Exactly the upstream call's interface: msTenantId in the query, the channel in X-Ovoc-Channel-Id.
const query = queryParser(entry);

export const getOcNumbers = httpFunction(entry, async (request, scope) => {
  const settings = scope.settings();
  const parsed = query.parse(request.query);
  const msTenantId = tenantFromPath(single(parsed, 'msTenantId'), settings);
  const channelId = channelFrom(undefined, request.headers.get('x-ovoc-channel-id'), settings);
  const live = await getLiveTenantNumbers(settings, {
    msTenantId,
    channelId,
    correlationId: scope.correlationId,
    traceparent: scope.traceparent,
    log: scope.log,
    skipCache: skipsCache(request),
  });
  const body = JSON.stringify(live.upstreamRecords);
  return representation(request, body, 'application/json; charset=utf-8', body, { 'X-Schema-Warnings': String(live.droppedCount) });
});

app.http(entry.name, { methods: [entry.method], authLevel: hostAuthLevel(entry), route: entry.route, handler: getOcNumbers });
