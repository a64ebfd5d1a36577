import { DomainError } from './domainError';

/** Why a caller's token was refused, in words safe to show the caller (no claim values, no token). */
export type TokenRejection = 'none' | 'malformed' | 'algorithm' | 'signature' | 'expired' | 'not-yet-valid' | 'issuer' | 'audience' | 'claims';

const rejectionDetail: Record<TokenRejection, string> = {
  none: 'This route needs an Entra ID access token for this API in the Authorization header (scheme Bearer).',
  malformed: 'The bearer token is not a well-formed JWT.',
  algorithm: 'The bearer token is not signed with RS256.',
  signature: "The bearer token's signature does not verify with a key of the issuer.",
  expired: 'The bearer token has expired.',
  'not-yet-valid': 'The bearer token is not valid yet.',
  issuer: "The bearer token was not issued by this API's Entra tenant.",
  audience: 'The bearer token was issued for another resource than this API.',
  claims: 'The bearer token lacks a claim this API needs (oid or sub).',
};

/** No valid token (CALLER_AUTH=entra). `challenge` tells a client where to sign in and for which resource. */
export class CallerUnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
  readonly title = 'Sign-in required';
  readonly permanent = true;
  readonly challenge: string;

  constructor(
    readonly reason: TokenRejection,
    authorizationUri: string,
    resourceId: string,
  ) {
    super(rejectionDetail[reason], `token ${reason}`);
    this.challenge = `Bearer authorization_uri="${authorizationUri}", resource_id="${resourceId}"`;
  }
}

/** Signed in, but without the app role; or force=true with a function key where that is not allowed. */
export class MissingRoleError extends DomainError {
  readonly code = 'missing-role';
  readonly title = 'Role required';
  readonly permanent = true;

  /** `role`: the app role missing, or `force-with-key`. */
  constructor(role: string) {
    super(
      role === 'force-with-key'
        ? 'force=true is refused to function keys unless SNAPSHOT_FORCE_WITH_KEY is true (with CALLER_AUTH=entra it needs the app role Snapshots.Force).'
        : `The caller's token does not carry the app role ${role}.`,
    );
  }
}

/** The Entra authority's metadata or signing keys cannot be read now: not the caller's fault. */
export class SignInUnavailableError extends DomainError {
  readonly code = 'sign-in-unavailable';
  readonly title = 'Sign-in unavailable';
  readonly permanent = false;
  readonly retryAfterSeconds = 10;

  constructor(reason: string) {
    super("The app could not read its Entra authority's signing keys; try again shortly.", reason);
  }
}
