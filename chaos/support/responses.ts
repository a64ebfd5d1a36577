import type { InvokeResult } from '../../test/support/invokeHttp';
import { UPSTREAM_BODY_MARKER } from '../../test/support/sandboxControl';

/**
 * What every error answer must be (docs/api.md, "Rules every HTTP route follows"): RFC 9457 problem+json with type,
 * title, status (equal to the HTTP status), detail and correlationId (equal to the X-Correlation-Id
 * header); a Retry-After on 503; no upstream body, token or stack trace. Returns what is wrong, or
 * undefined when the answer is right.
 */
export function problemDefect(response: Pick<InvokeResult, 'status' | 'headers' | 'body'>): string | undefined {
  if (response.headers.get('content-type') !== 'application/problem+json') return `content-type ${String(response.headers.get('content-type'))}`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    return 'body is not JSON';
  }
  for (const member of ['type', 'title', 'detail', 'correlationId'] as const) {
    if (typeof body[member] !== 'string' || body[member] === '') return `no ${member}`;
  }
  if (!String(body['type']).startsWith('urn:oc-numbers:problem:')) return `type ${String(body['type'])}`;
  if (body['status'] !== response.status) return `status member ${String(body['status'])} on a ${response.status}`;
  if (response.headers.get('x-correlation-id') !== body['correlationId']) return 'correlationId differs from X-Correlation-Id';
  if (response.status === 503 && !/^[1-9][0-9]*$/.test(response.headers.get('retry-after') ?? '')) return '503 without Retry-After';
  if (response.body.includes(UPSTREAM_BODY_MARKER)) return 'upstream body passed on';
  if (/eyJ[A-Za-z0-9_-]{5,}\.|Bearer\s|\n\s+at .+:\d+:\d+/.test(response.body)) return 'token or stack trace in the body';
  return undefined;
}

export function problemType(response: Pick<InvokeResult, 'body'>): string | undefined {
  try {
    const type = (JSON.parse(response.body) as Record<string, unknown>)['type'];
    return typeof type === 'string' ? type.replace('urn:oc-numbers:problem:', '') : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of the results. */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T, index);
      }
    }),
  );
  return results;
}
