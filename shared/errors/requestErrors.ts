import { DomainError } from './domainError';

/** Where in the request an input problem was found (RFC 9457 extension member `errors`). */
export interface InputProblem {
  parameter?: string;
  pointer?: string;
  header?: string;
  detail: string;
}

/** The request's parameters, headers or path are not what the route accepts. */
export class InvalidInputError extends DomainError {
  readonly code = 'invalid-input';
  readonly title = 'The request is not valid';
  readonly permanent = true;

  constructor(readonly problems: readonly InputProblem[]) {
    super(problems.map((problem) => problem.detail).join('; '));
  }
}

export function invalidInput(problems: readonly InputProblem[]): InvalidInputError {
  return new InvalidInputError(problems);
}

/** ALLOWED_TENANTS (or, for snapshots, a SNAPSHOT_TENANTS list) is set and the tenant is not in it. */
export class TenantNotAllowedError extends DomainError {
  readonly code = 'tenant-not-allowed';
  readonly title = 'Tenant not allowed';
  readonly permanent = true;

  constructor(msTenantId: string, list: 'ALLOWED_TENANTS' | 'SNAPSHOT_TENANTS' = 'ALLOWED_TENANTS') {
    super(`Tenant ${msTenantId} is not in ${list}.`);
  }
}

/** A snapshot of the tenant was requested less than SNAPSHOT_REQUEST_MIN_SECONDS ago. */
export class SnapshotRequestedRecentlyError extends DomainError {
  readonly code = 'snapshot-requested-recently';
  readonly title = 'Snapshot requested recently';
  readonly permanent = true;

  constructor(
    msTenantId: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`A snapshot of tenant ${msTenantId} was requested less than SNAPSHOT_REQUEST_MIN_SECONDS ago; request again in ${retryAfterSeconds} s.`);
  }
}

/** What was asked for does not exist (a number, a run, a snapshot). */
export class NotFoundError extends DomainError {
  readonly code = 'not-found';
  readonly title = 'Not found';
  readonly permanent = true;
}
