import { app } from '@azure/functions';
import { getTenantNumberRoute as entry } from '../shared/api/routes/getTenantNumberRoute';
import { notFound } from '../shared/http/apiError';
import { hostAuthLevel } from '../shared/auth/callerAuth';
import { httpFunction } from '../shared/http/httpFunction';
import { queryParser } from '../shared/http/queryParser';
import { channelFrom, tenantFromPath } from '../shared/http/requestParameters';
import { representation, skipsCache, wantsCsv } from '../shared/http/representation';
import { loadTenantNumbers } from '../shared/numbers/loadTenantNumbers';
import { sourceHeaders } from '../shared/numbers/numberListResponse';
import { parseFields } from '../shared/numbers/numberQuery';
import { projectRecord } from '../shared/numbers/projectRecord';
import { telephoneNumberFromPath } from '../shared/numbers/telephoneNumberPath';
import { toCsv } from '../shared/numbers/toCsv';
import { readSnapshotNumbers } from '../shared/snapshots/readSnapshotNumbers';
import type { DataSource, ResponseFormat } from '../shared/numbers/numberQuery';

const query = queryParser(entry);

export const getTenantNumber = httpFunction(entry, async (request, scope) => {
  const settings = scope.settings();
  const msTenantId = tenantFromPath(request.params['msTenantId'], settings);
  const telephoneNumber = telephoneNumberFromPath(request.params['telephoneNumber']);
  const parsed = query.parse(request.query);
  const fields = parseFields(parsed['fields']?.[0]);
  const channelId = channelFrom(parsed['channelId']?.[0], request.headers.get('x-ovoc-channel-id'), settings);
  const source = (parsed['source']?.[0] ?? 'live') as DataSource;
  const lookup = { msTenantId, channelId, correlationId: scope.correlationId, traceparent: scope.traceparent, log: scope.log, skipCache: skipsCache(request) };
  const loaded = await loadTenantNumbers(settings, source, lookup, readSnapshotNumbers);

  const record = loaded.records.find((candidate) => candidate.telephoneNumber === telephoneNumber);
  if (!record) throw notFound(`Tenant ${msTenantId} has no number ${telephoneNumber}.`);
  const shown = fields ? projectRecord(record, fields) : record;
  if (wantsCsv(request, (parsed['format']?.[0] ?? null) as ResponseFormat | null)) {
    const csv = toCsv([record], fields);
    return representation(request, csv, 'text/csv; charset=utf-8', csv, sourceHeaders(loaded));
  }
  const body = JSON.stringify(shown);
  return representation(request, body, 'application/json; charset=utf-8', body, sourceHeaders(loaded));
});

app.http(entry.name, { methods: [entry.method], authLevel: hostAuthLevel(entry), route: entry.route, handler: getTenantNumber });
