import { app } from '@azure/functions';
import { httpFunction } from '../shared/http/httpFunction';
import { compileQuery, single } from '../shared/http/queryParameters';
import { channelFrom, guidPattern, tenantFromPath } from '../shared/http/requestParameters';
import { representation, skipsCache } from '../shared/http/representation';
import { getLiveTenantNumbers } from '../shared/live-platform/liveTenantNumbers';

// Exactly the upstream call's interface: msTenantId in the query, the channel in X-Ovoc-Channel-Id.
const query = compileQuery({ msTenantId: { schema: { type: 'string', pattern: guidPattern }, mustBe: 'a GUID' } });

export const getOcNumbers = httpFunction(async (request, scope) => {
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

app.http('getOcNumbers', {
  methods: ['GET'],
  authLevel: 'function',
  route: 'v2/oc/numbers',
  handler: getOcNumbers,
});
