import { createHmac, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import { CALLER_API_AUDIENCE, CALLER_API_CLIENT_ID, CALLER_OBJECT_ID, FOREIGN_TENANT_ID } from './identities';
import { nowSeconds } from './tokens';

/**
 * Tokens for callers of the OC Numbers API, signed RS256 the way Entra ID signs access tokens:
 * the authority publishes the public key in its JWKS, so the app validates them exactly as it
 * validates real ones. Faults produce tokens it must refuse; forgeries need no sandbox but are
 * offered here too, so tests, chaos and a developer with `npm start` share one source.
 */

export const callerTokenFaults = [
  'expired',
  'notYetValid',
  'wrongAudience',
  'wrongIssuer',
  /** Signed by another key that claims the published key id. */
  'foreignKey',
  /** Signed by another key under a key id the JWKS does not have. */
  'unknownKid',
  /** `alg: none`, no signature. */
  'algNone',
  /** HS256 with the published public key (PEM) as the HMAC secret: the algorithm-confusion forgery. */
  'hs256PublicKey',
] as const;
export type CallerTokenFault = (typeof callerTokenFaults)[number];

export interface CallerTokenRequest {
  roles?: readonly string[];
  fault?: CallerTokenFault;
  /** 2 (default): issuer `{authority}/{tenant}/v2.0`; 1: `https://sts.windows.net/{tenant}/`. */
  version?: 1 | 2;
  /** The caller's object id; default CALLER_OBJECT_ID. */
  subject?: string;
  audience?: string;
}

/** Seconds a fault moves a token out of its validity window: well beyond the 5 minutes of skew the app allows. */
const OUT_OF_WINDOW_SECONDS = 3600;
const LIFETIME_SECONDS = 3599;

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID().replace(/-/g, ''), privateKey, publicKey };
}

export class CallerTokenIssuer {
  private readonly key = newKey();
  /** Created on first use: a second RSA key costs tens of milliseconds. */
  private foreign: SigningKey | undefined;

  constructor(
    private readonly tenantId: string,
    private readonly authorityHost: () => string,
  ) {}

  /** The JWKS the authority publishes. */
  jwks(): { keys: JWK[] } {
    const jwk = this.key.publicKey.export({ format: 'jwk' }) as JWK;
    return { keys: [{ ...jwk, kid: this.key.kid, use: 'sig', alg: 'RS256' }] };
  }

  publicKeyPem(): string {
    return this.key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  async issue(request: CallerTokenRequest = {}): Promise<string> {
    const { fault } = request;
    const now = nowSeconds();
    const version = request.version ?? 2;
    const tenant = fault === 'wrongIssuer' ? FOREIGN_TENANT_ID : this.tenantId;
    const issuer = version === 1 ? `https://sts.windows.net/${tenant}/` : `${this.authorityHost()}/${tenant}/v2.0`;
    const shift = fault === 'expired' ? -OUT_OF_WINDOW_SECONDS - LIFETIME_SECONDS : fault === 'notYetValid' ? OUT_OF_WINDOW_SECONDS : 0;
    const subject = request.subject ?? CALLER_OBJECT_ID;
    const claims = {
      aud: fault === 'wrongAudience' ? 'api://another-api' : (request.audience ?? CALLER_API_AUDIENCE),
      iss: issuer,
      iat: now + shift,
      nbf: now + shift,
      exp: now + shift + LIFETIME_SECONDS,
      tid: tenant,
      oid: subject,
      sub: subject,
      azp: CALLER_API_CLIENT_ID,
      ver: version === 1 ? '1.0' : '2.0',
      ...(request.roles === undefined ? {} : { roles: [...request.roles] }),
    };
    if (fault === 'algNone') return `${base64Url({ alg: 'none', typ: 'JWT' })}.${base64Url(claims)}.`;
    if (fault === 'hs256PublicKey') {
      const input = `${base64Url({ alg: 'HS256', typ: 'JWT', kid: this.key.kid })}.${base64Url(claims)}`;
      return `${input}.${createHmac('sha256', this.publicKeyPem()).update(input).digest('base64url')}`;
    }
    const foreign = fault === 'foreignKey' || fault === 'unknownKid';
    if (foreign) this.foreign ??= newKey();
    const signingKey = foreign ? (this.foreign as SigningKey).privateKey : this.key.privateKey;
    const kid = fault === 'unknownKid' ? (this.foreign as SigningKey).kid : this.key.kid;
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(signingKey);
  }
}

function base64Url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function parseCallerTokenRequest(body: unknown): CallerTokenRequest | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be a JSON object';
  const { roles, fault, version, subject, audience } = body as Record<string, unknown>;
  const request: CallerTokenRequest = {};
  if (roles !== undefined) {
    if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) return 'roles must be an array of strings';
    request.roles = roles;
  }
  if (fault !== undefined) {
    if (!callerTokenFaults.includes(fault as CallerTokenFault)) return `fault must be one of ${callerTokenFaults.join(', ')}`;
    request.fault = fault as CallerTokenFault;
  }
  if (version !== undefined) {
    if (version !== 1 && version !== 2) return 'version must be 1 or 2';
    request.version = version;
  }
  if (subject !== undefined) {
    if (typeof subject !== 'string') return 'subject must be a string';
    request.subject = subject;
  }
  if (audience !== undefined) {
    if (typeof audience !== 'string') return 'audience must be a string';
    request.audience = audience;
  }
  return request;
}
