const baseDelayMs = 250;
const maxDelayMs = 8_000;

/** Exponential back-off with full jitter; a server's Retry-After wins when it asks for longer. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random = Math.random): number {
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  const jittered = Math.round(exponential / 2 + random() * (exponential / 2));
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
