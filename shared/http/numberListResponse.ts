import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { csvStream } from '../numbers/csvStream';
import { numberPredicate } from '../numbers/filterNumbers';
import { keptBody } from '../numbers/keptBody';
import type { LoadedNumbers } from '../numbers/loadTenantNumbers';
import type { NumberQuery } from '../numbers/numberQuery';
import { pageText } from '../numbers/pageText';
import { nextLink as linkTo } from './nextLink';
import { ifNoneMatchMatches, strongEtag } from './etag';
import { representation, wantsCsv } from './representation';
import { nextPageLink, streamedResponse } from './streamedResponse';

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
  const headers = sourceHeaders(loaded);
  if (wantsCsv(request, query.format)) {
    if (!query.topGiven) return streamedCsvResponse(request, msTenantId, channelId, query, loaded);
    const csv = pageText(loaded.records, query, 'csv');
    const next = csv.nextSkip === undefined ? undefined : linkTo(request.url, { top: String(query.top), skip: String(csv.nextSkip) });
    return representation(request, csv.text, 'text/csv; charset=utf-8', csv.digest, { ...headers, ...nextPageLink(next) });
  }
  const page = pageText(loaded.records, query, 'json');
  const nextLink = page.nextSkip === undefined ? undefined : linkTo(request.url, { top: String(query.top), skip: String(page.nextSkip) });
  const q = JSON.stringify;
  // The ETag covers every member but retrievedAt (which moves with every upstream call): the page by its digest, the rest as they are.
  const etagBasis = q([page.digest, msTenantId, channelId, loaded.source, page.total, page.count, nextLink ?? null, loaded.warnings]);
  // JSON.stringify({ retrievedAt, msTenantId, channelId, source, total, count, value, nextLink, warnings })
  // to the character, written around the page's kept `value` text (an absent nextLink is left out, as
  // JSON.stringify does).
  const body = keptBody(page, `${loaded.retrievedAt} ${etagBasis}`, () => {
    const link = nextLink === undefined ? '' : `,"nextLink":${q(nextLink)}`;
    return `{"retrievedAt":${q(loaded.retrievedAt)},"msTenantId":${q(msTenantId)},"channelId":${q(channelId)},"source":${q(loaded.source)},"total":${page.total},"count":${page.count},"value":${page.text}${link},"warnings":${q(loaded.warnings)}}`;
  });
  return representation(request, body, 'application/json; charset=utf-8', etagBasis, headers);
}

/**
 * CSV without `top`: every matching row (after `skip`), streamed. Its ETag is weak and names the
 * answer it was made from (the Live Platform answer's or the snapshot's time) rather than hashing
 * rows not yet written: it changes whenever the content may have.
 */
function streamedCsvResponse(request: HttpRequest, msTenantId: string, channelId: number | null, query: NumberQuery, loaded: LoadedNumbers): HttpResponseInit {
  const etag = `W/${strongEtag(JSON.stringify(['csv', msTenantId, channelId, loaded.source, loaded.retrievedAt, query.filters, query.fields, query.skip]))}`;
  const headers = { ...sourceHeaders(loaded), ETag: etag };
  if (ifNoneMatchMatches(request.headers.get('if-none-match'), etag)) return { status: 304, headers: { ...headers, 'Cache-Control': 'private, no-cache' } };
  const matching = loaded.records.filter(numberPredicate(query.filters)).slice(query.skip);
  return streamedResponse('text/csv; charset=utf-8', csvStream(matching, query.fields), headers);
}
