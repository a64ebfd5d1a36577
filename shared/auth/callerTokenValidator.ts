import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { TokenRejection } from '../errors/callerErrors';
import { axiosSdk } from '../sdk/bundledSdk';

/**
 * Validates the access tokens callers present in `CALLER_AUTH=entra` mode (docs/deploy.md
 * "Caller sign-in"): RS256 only, signed by a key of the issuer's JWKS (found through its OpenID
 * metadata), issuer v2 or v1 of the configured tenant, an accepted audience, inside exp/nbf with
 * five minutes of clock skew. The token's own header never supplies a key (no `jwk`, `x5u`, `jku`).
 */

export interface CallerTokenConfig {
  tenantId: string;
  audiences: readonly string[];
  /** e.g. https://login.microsoftonline.com (no trailing slash). */
  authorityHost: string;
}

export interface ValidatedCaller {
  /** The caller's object id (`oid`, else `sub`): who did it, for the log. */
  objectId: string;
  /** The client application the caller used (`azp` or v1 `appid`), when the token names it. */
  clientId: string | undefined;
  roles: ReadonlySet<string>;
}

export class CallerTokenRejected extends Error {
  constructor(readonly reason: Exclude<TokenRejection, 'none'>) {
    super(`caller token rejected: ${reason}`);
    this.name = 'CallerTokenRejected';
  }
}

/** The authority's metadata or keys could not be read: not the caller's fault. */
export class SigningKeysUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`caller token signing keys unavailable: ${reason}`);
    this.name = 'SigningKeysUnavailable';
  }
}

/** The metadata answered, but not for the configured issuer: a setting is wrong. */
export class AuthorityMismatch extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'AuthorityMismatch';
  }
}

/** Entra access tokens are a few kilobytes; anything far larger is refused before parsing. */
export const maxTokenLength = 16 * 1024;
const clockToleranceSeconds = 5 * 60;
/** An unknown key id refetches the JWKS at most this often (a forged kid cannot hammer the authority). */
const jwksCooldownMs = 60_000;
/** Keys are re-read this often even when every kid is known, so a withdrawn key stops working. */
const jwksMaxAgeMs = 24 * 60 * 60_000;
const fetchTimeoutMs = 10_000;
/**
 * Tokens whose signature was verified, by sha256: a script or flow sends the same token for an hour,
 * and jose verifies RSA on the libuv thread pool, a hop that costs milliseconds on a busy instance.
 * A hit still checks the time window; any change to a token makes it another key (a miss).
 */
const verifiedCacheSize = 1000;
/** After the metadata could not be read, callers get 503 for this long before it is tried again. */
const metadataRetryMs = 10_000;

type KeyLookup = ReturnType<typeof createRemoteJWKSet>;

export class CallerTokenValidator {
  readonly issuers: readonly string[];
  private keys: Promise<KeyLookup> | undefined;
  private failedAt = 0;
  private readonly verified = new Map<string, { caller: ValidatedCaller; exp: number; nbf: number | undefined }>();

  constructor(private readonly config: CallerTokenConfig) {
    this.issuers = [`${config.authorityHost}/${config.tenantId}/v2.0`, `https://sts.windows.net/${config.tenantId}/`];
  }

  get metadataUrl(): string {
    return `${this.config.authorityHost}/${this.config.tenantId}/v2.0/.well-known/openid-configuration`;
  }

  async validate(token: string): Promise<ValidatedCaller> {
    if (token.length > maxTokenLength || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) throw new CallerTokenRejected('malformed');
    const digest = createHash('sha256').update(token).digest('base64url');
    const known = this.verified.get(digest);
    if (known) {
      const now = Date.now() / 1000;
      if (now >= known.exp + clockToleranceSeconds) throw new CallerTokenRejected('expired');
      if (known.nbf !== undefined && now < known.nbf - clockToleranceSeconds) throw new CallerTokenRejected('not-yet-valid');
      return known.caller;
    }
    const keys = await this.keyLookup();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        issuer: [...this.issuers],
        audience: [...this.config.audiences],
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['exp', 'iss', 'aud'],
      }));
    } catch (error) {
      throw translate(error);
    }
    const objectId = stringClaim(payload, 'oid') ?? payload.sub;
    if (objectId === undefined) throw new CallerTokenRejected('claims');
    const roles = Array.isArray(payload['roles']) ? payload['roles'].filter((r): r is string => typeof r === 'string') : [];
    const caller: ValidatedCaller = { objectId, clientId: stringClaim(payload, 'azp') ?? stringClaim(payload, 'appid'), roles: new Set(roles) };
    // Oldest out first (a Map iterates in insertion order).
    if (this.verified.size >= verifiedCacheSize) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(digest, { caller, exp: payload.exp as number, nbf: payload.nbf });
    return caller;
  }

  /** The JWKS lookup, from the issuer's metadata read once per process (retried after a failure). */
  private keyLookup(): Promise<KeyLookup> {
    if (this.keys) return this.keys;
    if (Date.now() - this.failedAt < metadataRetryMs) return Promise.reject(new SigningKeysUnavailable('the OpenID metadata could not be read a moment ago'));
    this.keys = this.readMetadata().catch((error: unknown) => {
      this.keys = undefined;
      if (!(error instanceof AuthorityMismatch)) this.failedAt = Date.now();
      throw error;
    });
    return this.keys;
  }

  private async readMetadata(): Promise<KeyLookup> {
    const { axios } = axiosSdk();
    let metadata: unknown;
    try {
      const response = await axios.get<unknown>(this.metadataUrl, {
        timeout: fetchTimeoutMs,
        maxRedirects: 0,
        maxContentLength: 1024 * 1024,
        responseType: 'json',
      });
      metadata = response.data;
    } catch (error) {
      throw new SigningKeysUnavailable(
        `GET ${this.metadataUrl} failed: ${axios.isAxiosError(error) ? (error.response ? `HTTP ${error.response.status}` : (error.code ?? 'no answer')) : 'unreadable answer'}`,
      );
    }
    const record = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {};
    const { issuer, jwks_uri: jwksUri } = record;
    if (issuer !== this.issuers[0]) {
      throw new AuthorityMismatch(`The OpenID metadata of CALLER_AUTHORITY_HOST and CALLER_TENANT_ID names another issuer than ${this.issuers[0]}.`);
    }
    if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri) || new URL(jwksUri).origin !== new URL(this.config.authorityHost).origin) {
      throw new AuthorityMismatch('The OpenID metadata of CALLER_AUTHORITY_HOST names no jwks_uri on the same host.');
    }
    return guardedLookup(
      createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: jwksCooldownMs, cacheMaxAge: jwksMaxAgeMs, timeoutDuration: fetchTimeoutMs }),
    );
  }
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** jose's errors to a reason. Whatever else fails while checking a token is the token's fault (malformed). */
function translate(error: unknown): Error {
  if (error instanceof SigningKeysUnavailable) return error;
  if (error instanceof joseErrors.JWTExpired) return new CallerTokenRejected('expired');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const byClaim: Record<string, Exclude<TokenRejection, 'none'>> = { iss: 'issuer', aud: 'audience', nbf: 'not-yet-valid', exp: 'expired' };
    return new CallerTokenRejected(byClaim[error.claim] ?? 'claims');
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) return new CallerTokenRejected('algorithm');
  if (
    error instanceof joseErrors.JWSSignatureVerificationFailed ||
    error instanceof joseErrors.JWKSNoMatchingKey ||
    error instanceof joseErrors.JWKSMultipleMatchingKeys
  ) {
    return new CallerTokenRejected('signature');
  }
  return new CallerTokenRejected('malformed');
}

/** The key set could not be fetched (refused, timed out, not a JWKS): the authority's problem, not the caller's. */
function guardedLookup(lookup: KeyLookup): KeyLookup {
  const guarded = async (...args: Parameters<KeyLookup>) => {
    try {
      return await lookup(...args);
    } catch (error) {
      if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) throw error;
      throw new SigningKeysUnavailable(error instanceof joseErrors.JOSEError ? error.code : error instanceof Error ? error.name : 'unknown');
    }
  };
  return Object.assign<typeof guarded, KeyLookup>(guarded, lookup);
}
