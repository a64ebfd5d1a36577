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

/** ALLOWED_TENANTS is set and the tenant is not in it. */
export class TenantNotAllowedError extends DomainError {
  readonly code = 'tenant-not-allowed';
  readonly title = 'Tenant not allowed';
  readonly permanent = true;

  constructor(msTenantId: string) {
    super(`Tenant ${msTenantId} is not in ALLOWED_TENANTS.`);
  }
}

/** What was asked for does not exist (a number, a run, a snapshot). */
export class NotFoundError extends DomainError {
  readonly code = 'not-found';
  readonly title = 'Not found';
  readonly permanent = true;
}
