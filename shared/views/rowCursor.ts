import { InvalidContinuationError } from '../storage/continuationToken';

/**
 * The `continuation` of listOperatorNumbers: the keys of the last row a page showed, as base64url
 * JSON. The next page reads the rows after it, in key order, with the same filters (ALLOWED_TENANTS
 * included), so a forged cursor can only move the starting point, never widen what is read.
 */
export interface RowCursor {
  msTenantId: string;
  telephoneNumber: string;
}

const tenantKey = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const numberKey = /^\+[0-9]{1,20}$/;

export function encodeRowCursor(cursor: RowCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.msTenantId, n: cursor.telephoneNumber }), 'utf8').toString('base64url');
}

export function decodeRowCursor(token: string): RowCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidContinuationError();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidContinuationError();
  const { t, n, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof t !== 'string' || typeof n !== 'string' || !tenantKey.test(t) || !numberKey.test(n))
    throw new InvalidContinuationError();
  return { msTenantId: t, telephoneNumber: n };
}
