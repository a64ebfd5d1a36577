import { getOcNumbersRoute } from '../shared/api/routes/getOcNumbersRoute';
import { single } from '../shared/http/queryParameters';
import { registerRoute } from '../shared/http/registerRoute';
import { channelFrom, tenantFromPath } from '../shared/http/requestParameters';
import { representation, skipsCache } from '../shared/http/representation';
import { getLiveTenantNumbers } from '../shared/numbers/liveTenantNumbers';

// Exactly the upstream call's interface: msTenantId in the query, the channel in X-Ovoc-Channel-Id.
registerRoute(getOcNumbersRoute, async (request, { query, settings, correlationId, traceparent, log }) => {
  const msTenantId = tenantFromPath(single(query, 'msTenantId'), settings());
  const channelId = channelFrom(undefined, request.headers.get('x-ovoc-channel-id'), settings());
  const live = await getLiveTenantNumbers(settings(), { msTenantId, channelId, correlationId, traceparent, log, skipCache: skipsCache(request) });
  const body = JSON.stringify(live.upstreamRecords);
  return representation(request, body, 'application/json; charset=utf-8', body, { 'X-Schema-Warnings': String(live.droppedCount) });
});
