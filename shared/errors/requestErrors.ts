import { DomainError } from './domainError';

/** Where in the request an input problem was found (RFC 9457 extension member `errors`). */
export interface InputProblem {
  parameter?: string;
  pointer?: string;
  header?: string;
  detail: string;
}

/** A problem lists at most this many input errors: 1,000 unknown parameters are not a 95 KB answer. */
export const maxListedProblems = 20;

/**
 * Caller text quoted in a problem or a log: cut to `max` characters, so it is never echoed whole.
 * Anything in it shaped like a token is redacted where it is written: the logger redacts every
 * line, and shared/http/problemResponse.ts every problem it renders.
 */
export function shownText(value: string, max = 64): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** The request's parameters, headers or path are not what the route accepts. */
export class InvalidInputError extends DomainError {
  readonly code = 'invalid-input';
  readonly title = 'The request is not valid';
  readonly permanent = true;
  /** At most maxListedProblems of them; `detail` says how many more there were. */
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[]) {
    const listed = problems.slice(0, maxListedProblems);
    const more = problems.length - listed.length;
    super(listed.map((problem) => problem.detail).join('; ') + (more > 0 ? `; and ${more} more` : ''));
    this.problems = listed;
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
