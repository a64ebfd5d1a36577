import { getTenantNumberRoute, recordQueryFrom } from '../shared/api/routes/getTenantNumberRoute';
import { NotFoundError } from '../shared/errors/requestErrors';
import { sourceHeaders } from '../shared/http/numberListResponse';
import { registerRoute } from '../shared/http/registerRoute';
import { channelFrom, tenantFromPath } from '../shared/http/requestParameters';
import { representation, skipsCache, wantsCsv } from '../shared/http/representation';
import { loadTenantNumbers } from '../shared/numbers/loadTenantNumbers';
import { projectRecord } from '../shared/numbers/projectRecord';
import { telephoneNumberFromPath } from '../shared/numbers/telephoneNumberPath';
import { toCsv } from '../shared/numbers/toCsv';
import { readTenantSnapshot } from '../shared/snapshots/readTenantSnapshot';

registerRoute(getTenantNumberRoute, async (request, scope) => {
  const settings = scope.settings();
  const msTenantId = tenantFromPath(request.params['msTenantId'], settings);
  const telephoneNumber = telephoneNumberFromPath(request.params['telephoneNumber']);
  const { fields, format, source, channelId: channelParameter } = recordQueryFrom(scope.query);
  const channelId = channelFrom(channelParameter, request.headers.get('x-ovoc-channel-id'), settings);
  const lookup = { msTenantId, channelId, correlationId: scope.correlationId, traceparent: scope.traceparent, log: scope.log, skipCache: skipsCache(request) };
  const loaded = await loadTenantNumbers(settings, source, lookup, readTenantSnapshot);

  const record = loaded.records.find((candidate) => candidate.telephoneNumber === telephoneNumber);
  if (!record) throw new NotFoundError(`Tenant ${msTenantId} has no number ${telephoneNumber}.`);
  if (wantsCsv(request, format)) {
    const csv = toCsv([record], fields);
    return representation(request, csv, 'text/csv; charset=utf-8', csv, sourceHeaders(loaded));
  }
  const body = JSON.stringify(fields ? projectRecord(record, fields) : record);
  return representation(request, body, 'application/json; charset=utf-8', body, sourceHeaders(loaded));
});
