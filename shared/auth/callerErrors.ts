import { ApiError } from '../http/apiError';
import type { TokenRejection } from './callerTokenValidator';

export interface BearerChallenge {
  authorizationUri: string;
  resourceId: string;
}

const rejectionDetail: Record<TokenRejection | 'none', string> = {
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

/** 401: the challenge tells a client where to sign in and for which resource. */
export function callerUnauthenticated(reason: TokenRejection | 'none', challenge: BearerChallenge): ApiError {
  return new ApiError(401, 'unauthenticated', 'Sign-in required', rejectionDetail[reason], {
    headers: { 'WWW-Authenticate': `Bearer authorization_uri="${challenge.authorizationUri}", resource_id="${challenge.resourceId}"` },
    logReason: `token ${reason}`,
  });
}

/** 403: signed in, but without the app role (or, with a function key, force is not allowed). */
export function callerForbidden(role: string): ApiError {
  const detail =
    role === 'force-with-key'
      ? 'force=true is refused to function keys unless SNAPSHOT_FORCE_WITH_KEY is true (with CALLER_AUTH=entra it needs the app role Snapshots.Force).'
      : `The caller's token does not carry the app role ${role}.`;
  return new ApiError(403, 'missing-role', 'Role required', detail);
}

export function signInUnavailable(reason: string): ApiError {
  return new ApiError(503, 'sign-in-unavailable', 'Sign-in unavailable', "The app could not read its Entra authority's signing keys; try again shortly.", {
    retryAfterSeconds: 10,
    logReason: reason,
  });
}

export function signInMisconfigured(detail: string): ApiError {
  return new ApiError(500, 'configuration-error', 'The app is misconfigured', detail);
}
