/**
 * What went wrong, by name. HTTP maps each code to a status in one place (shared/http/problemMapping.ts);
 * the code is also the problem type of that answer.
 */
export type ErrorCode =
  | 'invalid-input'
  | 'tenant-not-allowed'
  | 'not-found'
  | 'tenant-not-found'
  | 'upstream-credentials-rejected'
  | 'upstream-throttled'
  | 'upstream-unavailable'
  | 'upstream-timeout'
  | 'upstream-bad-response'
  | 'upstream-schema'
  | 'token-unavailable'
  | 'storage-unavailable'
  | 'configuration-error'
  | 'api-description-missing'
  | 'sdk-bundle-missing'
  | 'invalid-entity'
  | 'unauthenticated'
  | 'missing-role'
  | 'sign-in-unavailable'
  | 'snapshot-requested-recently';

/**
 * An error of the app's own domain. `detail` is safe to show a caller; `logReason` is for the log
 * only. `permanent` says whether retrying the same work can help: a snapshot records a permanent
 * failure at once instead of retrying it.
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly title: string;
  abstract readonly permanent: boolean;

  constructor(
    readonly detail: string,
    readonly logReason?: string,
  ) {
    super(detail);
    this.name = new.target.name;
  }
}
