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
  /** Response headers the answer needs (WWW-Authenticate on a 401). */
  headers?: Readonly<Record<string, string>>;
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

export function invalidInput(errors: readonly InputProblem[]): ApiError {
  const detail = errors.map((e) => e.detail).join('; ');
  return new ApiError(400, 'invalid-input', 'The request is not valid', detail, { errors });
}

export function tenantNotAllowed(msTenantId: string): ApiError {
  return new ApiError(403, 'tenant-not-allowed', 'Tenant not allowed', `Tenant ${msTenantId} is not in ALLOWED_TENANTS.`);
}

export function notFound(detail: string): ApiError {
  return new ApiError(404, 'not-found', 'Not found', detail);
}
