import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { representation, wantsCsv } from '../http/representation';
import { numberPredicate } from './filterNumbers';
import type { LoadedNumbers } from './loadTenantNumbers';
import type { NumberQuery } from './numberQuery';
import { nextLinkFor, pageOf } from './numberPage';
import { projectRecord } from './projectRecord';
import { toCsv } from './toCsv';

/** Headers that say where an answer came from when it was not live. */
export function sourceHeaders(loaded: LoadedNumbers): Record<string, string> {
  if (loaded.source !== 'snapshot') return { 'X-Data-Source': 'live' };
  return { 'X-Data-Source': 'snapshot', 'X-Snapshot-Age': String(loaded.snapshotAgeSeconds ?? 0) };
}

/** Filters, pages and projects a tenant's numbers into the JSON list or CSV the contract describes. */
export function numberListResponse(
  request: HttpRequest,
  msTenantId: string,
  channelId: number | null,
  query: NumberQuery,
  loaded: LoadedNumbers,
): HttpResponseInit {
  const matching = loaded.records.filter(numberPredicate(query.filters));
  const page = pageOf(matching, query.top, query.skip);
  const value = query.fields ? page.records.map((record) => projectRecord(record, query.fields ?? [])) : page.records;
  const headers = sourceHeaders(loaded);

  if (wantsCsv(request, query.format)) {
    const csv = toCsv(page.records, query.fields);
    return representation(request, csv, 'text/csv; charset=utf-8', csv, headers);
  }
  const nextLink = page.nextSkip === undefined ? undefined : nextLinkFor(request.url, query.top, page.nextSkip);
  const content = JSON.stringify({ msTenantId, channelId, source: loaded.source, total: page.total, count: value.length, value, nextLink, warnings: loaded.warnings });
  // retrievedAt changes with every upstream call, so it stays out of the ETag: one serialisation serves both.
  const body = `{"retrievedAt":${JSON.stringify(loaded.retrievedAt)},${content.slice(1)}`;
  return representation(request, body, 'application/json; charset=utf-8', content, headers);
}
