import { randomUUID } from 'node:crypto';
import { correlationIdPattern } from '../ids/idsAndLimits';

export interface Correlation {
  correlationId: string;
  /** The caller's W3C trace context, forwarded upstream when it is well formed. */
  traceparent: string | undefined;
}

const traceparentPattern = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** Reuses the caller's X-Correlation-Id, else the trace id of its traceparent, else a new one. */
export function correlationFrom(headers: { get(name: string): string | null }): Correlation {
  const supplied = headers.get('x-correlation-id')?.trim();
  const traceparent = headers.get('traceparent')?.trim().toLowerCase();
  const traceId = traceparent?.match(traceparentPattern)?.[1];
  const validTraceparent = traceId && !/^0+$/.test(traceId) ? traceparent : undefined;
  if (supplied && correlationIdPattern.test(supplied)) return { correlationId: supplied, traceparent: validTraceparent };
  return { correlationId: validTraceparent ? (traceId as string) : randomUUID(), traceparent: validTraceparent };
}
