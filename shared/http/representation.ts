import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { ifNoneMatchMatches, strongEtag } from './etag';

/**
 * A 200 answer with an ETag, or 304 when the caller already holds it.
 * `etagBasis` is what identifies the content: it leaves out per-call fields such as retrievedAt.
 */
export function representation(
  request: HttpRequest,
  body: string,
  contentType: string,
  etagBasis: string,
  headers: Record<string, string> = {},
): HttpResponseInit {
  const etag = strongEtag(etagBasis);
  const common = { ETag: etag, 'Cache-Control': 'private, no-cache', ...headers };
  if (ifNoneMatchMatches(request.headers.get('if-none-match'), etag)) return { status: 304, headers: common };
  return { status: 200, headers: { 'Content-Type': contentType, ...common }, body };
}

/** The caller asked for CSV by `format=csv` or, without `format`, by `Accept: text/csv`. */
export function wantsCsv(request: HttpRequest, format: 'json' | 'csv' | null): boolean {
  if (format) return format === 'csv';
  const accept = request.headers.get('accept') ?? '';
  return /(^|,)\s*text\/csv/i.test(accept) && !/(^|,)\s*application\/json/i.test(accept);
}

export function skipsCache(request: HttpRequest): boolean {
  return /no-cache|no-store|max-age=0/i.test(request.headers.get('cache-control') ?? '') || /no-cache/i.test(request.headers.get('pragma') ?? '');
}
