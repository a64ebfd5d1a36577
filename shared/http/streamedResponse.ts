import type { Readable } from 'node:stream';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';

/**
 * An answer whose body is a stream: with HTTP streams on (httpStreaming.ts) the host sends each chunk
 * as it comes, so memory does not grow with the answer. No Content-Length; no ETag unless given.
 */
export function streamedResponse(contentType: string, body: Readable, headers: Record<string, string> = {}): HttpResponseInit {
  return { status: 200, headers: { 'Content-Type': contentType, 'Cache-Control': 'private, no-cache', ...headers }, body };
}

export type ListFormat = 'json' | 'csv' | 'ndjson';

/** `format`, else what Accept asks for first among CSV and NDJSON (JSON when it names JSON or neither). */
export function listFormat(request: HttpRequest, format: ListFormat | null): ListFormat {
  if (format) return format;
  const accept = request.headers.get('accept') ?? '';
  if (/(^|,)\s*application\/json/i.test(accept)) return 'json';
  if (/(^|,)\s*text\/csv/i.test(accept)) return 'csv';
  if (/(^|,)\s*application\/x-ndjson/i.test(accept)) return 'ndjson';
  return 'json';
}

export const csvContentType = 'text/csv; charset=utf-8';
export const ndjsonContentType = 'application/x-ndjson; charset=utf-8';

/** `Link: <next>; rel="next"` for a page of CSV or NDJSON, whose body has no room for nextLink. */
export const nextPageLink = (nextLink: string | undefined): Record<string, string> => (nextLink ? { Link: `<${nextLink}>; rel="next"` } : {});
