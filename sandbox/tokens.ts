import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * HS256 JWTs for the sandbox. Real Entra tokens are RS256 with published keys; the sandbox
 * is both issuer and only verifier, so a random per-start HMAC key is enough and means a
 * token from an earlier sandbox run (or a hand-made one) is never accepted.
 */

export interface SandboxClaims {
  aud: string;
  iss: string;
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  [claim: string]: unknown;
}

export type TokenRejection = 'malformed' | 'signature' | 'audience' | 'expired' | 'not-yet-valid';

export type TokenVerification = { ok: true; claims: SandboxClaims } | { ok: false; reason: TokenRejection };

/** Seconds of clock skew tolerated for `nbf` (not for `exp`: tests rely on expiry being exact). */
const NOT_BEFORE_SKEW_SECONDS = 300;

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export class TokenSigner {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  sign(claims: SandboxClaims): string {
    const signingInput = `${base64UrlJson({ alg: 'HS256', typ: 'JWT' })}.${base64UrlJson(claims)}`;
    return `${signingInput}.${this.mac(signingInput).toString('base64url')}`;
  }

  /** Checks signature first, then expiry, then audience (one of `audiences`). */
  verify(token: string, audiences: string | readonly string[], now = nowSeconds()): TokenVerification {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

    const header = decodeJson(headerPart);
    // Only HS256: refusing anything else stops `alg: none` and algorithm-confusion forgeries.
    if (header === undefined || header['alg'] !== 'HS256') return { ok: false, reason: 'malformed' };

    const expected = this.mac(`${headerPart}.${payloadPart}`);
    const given = Buffer.from(signaturePart, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'signature' };
    }

    const payload = decodeJson(payloadPart);
    if (payload === undefined || typeof payload['exp'] !== 'number') return { ok: false, reason: 'malformed' };
    const claims = payload as SandboxClaims;
    if (now >= claims.exp) return { ok: false, reason: 'expired' };
    if (typeof claims.nbf === 'number' && now + NOT_BEFORE_SKEW_SECONDS < claims.nbf) {
      return { ok: false, reason: 'not-yet-valid' };
    }

    const wanted = typeof audiences === 'string' ? [audiences] : audiences;
    const tokenAudiences = Array.isArray(claims.aud) ? (claims.aud as unknown[]) : [claims.aud];
    if (!tokenAudiences.some((aud) => typeof aud === 'string' && wanted.includes(aud))) {
      return { ok: false, reason: 'audience' };
    }
    return { ok: true, claims };
  }

  private mac(input: string): Buffer {
    return createHmac('sha256', this.key).update(input, 'ascii').digest();
  }
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the claims of any JWT without checking it (tests and diagnostics only). */
export function decodeClaimsUnverified(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  return payload === undefined ? undefined : decodeJson(payload);
}

/** `api://x/.default` → `api://x`: Entra and the MI endpoint both mint tokens for the resource. */
export function resourceFromScope(scope: string): string {
  return scope.endsWith('/.default') ? scope.slice(0, -'/.default'.length) : scope;
}
