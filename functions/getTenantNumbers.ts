import { getTenantNumbersRoute, numberQueryFrom } from '../shared/api/routes/getTenantNumbersRoute';
import { numberListResponse } from '../shared/http/numberListResponse';
import { registerRoute } from '../shared/http/registerRoute';
import { channelFrom, tenantFromPath } from '../shared/http/requestParameters';
import { skipsCache } from '../shared/http/representation';
import { loadTenantNumbers } from '../shared/numbers/loadTenantNumbers';
import { readTenantSnapshot } from '../shared/snapshots/readTenantSnapshot';

registerRoute(getTenantNumbersRoute, async (request, scope) => {
  const settings = scope.settings();
  const msTenantId = tenantFromPath(request.params['msTenantId'], settings);
  const numberQuery = numberQueryFrom(scope.query);
  const channelId = channelFrom(numberQuery.channelId, request.headers.get('x-ovoc-channel-id'), settings);
  const lookup = { msTenantId, channelId, correlationId: scope.correlationId, traceparent: scope.traceparent, log: scope.log, skipCache: skipsCache(request) };
  const loaded = await loadTenantNumbers(settings, numberQuery.source, lookup, readTenantSnapshot);
  return numberListResponse(request, msTenantId, channelId, numberQuery, loaded);
});
