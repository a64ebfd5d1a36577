import { DomainError, type ErrorCode } from '../errors/domainError';
import { CallerUnauthenticatedError, SignInUnavailableError } from '../errors/callerErrors';
import { InvalidInputError, SnapshotRequestedRecentlyError } from '../errors/requestErrors';
import { StorageUnavailableError } from '../errors/storageErrors';
import { LivePlatformFailure } from '../errors/upstreamErrors';
import type { Problem } from './problemResponse';

/** The one place a domain error becomes an HTTP status. `internal` answers the generic 500. */
export const statusOf: Record<ErrorCode, number | 'internal'> = {
  'invalid-input': 400,
  'tenant-not-allowed': 403,
  'not-found': 404,
  'tenant-not-found': 404,
  'upstream-credentials-rejected': 502,
  'upstream-throttled': 503,
  'upstream-unavailable': 502,
  'upstream-timeout': 504,
  'upstream-bad-response': 502,
  'upstream-schema': 502,
  'token-unavailable': 503,
  'storage-unavailable': 503,
  'configuration-error': 500,
  'api-description-missing': 500,
  'sdk-bundle-missing': 500,
  // An entity the app built is refused: the app's own fault, nothing a caller can act on.
  'invalid-entity': 'internal',
  unauthenticated: 401,
  'missing-role': 403,
  'sign-in-unavailable': 503,
  'snapshot-requested-recently': 429,
};

export const internalProblem: Problem = {
  status: 500,
  problemType: 'internal-error',
  title: 'Internal error',
  detail: 'The request failed unexpectedly; quote the correlationId when reporting it.',
};

/** The answer for any failure: a domain error as its problem, anything else as the generic 500. */
export function problemFor(error: unknown): Problem {
  // Storage outages arrive as StorageUnavailableError: shared/storage classifies the SDKs' errors.
  if (!(error instanceof DomainError)) return internalProblem;
  const status = statusOf[error.code];
  if (status === 'internal') return internalProblem;
  const problem: Problem = { status, problemType: error.code, title: error.title, detail: error.detail };
  if (error.logReason !== undefined) problem.logReason = error.logReason;
  if (error instanceof InvalidInputError) problem.errors = error.problems;
  if (error instanceof LivePlatformFailure && error.retryAfterSeconds !== undefined) problem.retryAfterSeconds = error.retryAfterSeconds;
  if (error instanceof SignInUnavailableError || error instanceof SnapshotRequestedRecentlyError || error instanceof StorageUnavailableError)
    problem.retryAfterSeconds = error.retryAfterSeconds;
  if (error instanceof CallerUnauthenticatedError) problem.headers = { 'WWW-Authenticate': error.challenge };
  return problem;
}
