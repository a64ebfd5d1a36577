import { InvalidInputError } from '../errors/requestErrors';

/**
 * The API's `continuation` parameter: the service's next-partition and next-row markers, plus the
 * listing they belong to, as base64url JSON. Anything but a token this API issued for the same
 * listing is refused before it reaches the SDK (whose own token format would throw on garbage).
 * A token only moves the starting point; the query's filter still applies, so it can never widen it.
 */
interface Position {
  scope: string;
  nextPartitionKey: string;
  nextRowKey?: string;
}

/** A forged or foreign continuation is the caller's mistake: a 400 naming the parameter, not a 500. */
export class InvalidContinuationError extends InvalidInputError {
  constructor() {
    super([{ parameter: 'continuation', detail: 'Query parameter "continuation" is not a token this API issued for this listing.' }]);
  }
}

/** `sdkToken` is what `byPage()` reported: base64 JSON of `{ nextPartitionKey, nextRowKey }`. */
export function encodeContinuation(sdkToken: string, scope: string): string {
  const parsed = JSON.parse(Buffer.from(sdkToken, 'base64').toString('utf8')) as { nextPartitionKey?: string; nextRowKey?: string };
  const position: Position = { scope, nextPartitionKey: parsed.nextPartitionKey ?? '' };
  if (parsed.nextRowKey) position.nextRowKey = parsed.nextRowKey;
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeContinuation(token: string, scope: string): string {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidContinuationError();
  }
  if (!isPosition(position) || position.scope !== scope) throw new InvalidContinuationError();
  const sdkToken = { nextPartitionKey: position.nextPartitionKey, nextRowKey: position.nextRowKey };
  return Buffer.from(JSON.stringify(sdkToken), 'utf8').toString('base64');
}

// The service's markers are opaque printable text (Azure sends forms such as `1!12!cGFydGl0aW9u`).
const marker = /^[\x21-\x7e]{1,2048}$/;

function isPosition(value: unknown): value is Position {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const { scope, nextPartitionKey, nextRowKey, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof scope !== 'string' || typeof nextPartitionKey !== 'string') return false;
  if (nextRowKey !== undefined && (typeof nextRowKey !== 'string' || !marker.test(nextRowKey))) return false;
  return marker.test(nextPartitionKey);
}
