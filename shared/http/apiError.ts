import { redact } from '../logging/logger';

/** Where in the request an input problem was found (RFC 9457 extension member `errors`). */
export interface InputProblem {
  parameter?: string;
  pointer?: string;
  header?: string;
  detail: string;
}

export interface ApiErrorOptions {
  errors?: readonly InputProblem[];
  retryAfterSeconds?: number;
  /** Why it happened, for the log only: never part of a response. */
  logReason?: string;
}

/** An error that becomes an RFC 9457 problem response. `detail` is safe to show callers. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problemType: string,
    readonly title: string,
    readonly detail: string,
    readonly options: ApiErrorOptions = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** A problem lists at most this many input errors: 1,000 unknown parameters are not a 95 KB answer. */
export const maxListedProblems = 20;

/**
 * Caller text quoted in a problem or a log: cut to `max` characters, so it is never echoed whole,
 * and with anything shaped like a token redacted, so no answer carries one.
 */
export function shownText(value: string, max = 64): string {
  return redact(value.length > max ? `${value.slice(0, max)}…` : value);
}

export function invalidInput(errors: readonly InputProblem[]): ApiError {
  const listed = errors.slice(0, maxListedProblems);
  const more = errors.length - listed.length;
  const detail = listed.map((e) => e.detail).join('; ') + (more > 0 ? `; and ${more} more` : '');
  return new ApiError(400, 'invalid-input', 'The request is not valid', detail, { errors: listed });
}

export function tenantNotAllowed(msTenantId: string): ApiError {
  return new ApiError(403, 'tenant-not-allowed', 'Tenant not allowed', `Tenant ${msTenantId} is not in ALLOWED_TENANTS.`);
}

export function notFound(detail: string): ApiError {
  return new ApiError(404, 'not-found', 'Not found', detail);
}
