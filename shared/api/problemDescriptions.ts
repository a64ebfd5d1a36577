import type { ProblemStatus } from './apiRoute';

/** What the common problem answers mean; routes add their own 404. */
export const invalidRequest = 'The request is not valid: errors names each bad parameter or header. Nothing was sent upstream.';
export const tenantNotAllowed = 'ALLOWED_TENANTS is set and the tenant is not in it.';
export const appFailure = 'The app is misconfigured (detail names the setting, never its value) or failed unexpectedly; quote the correlationId.';

/** The answers of a route that calls the Live Platform. */
export const livePlatformProblems: Partial<Record<ProblemStatus, string>> = {
  502: "The Live Platform rejected the app's credentials, kept failing after the retries, redirected, or answered something the app cannot use.",
  503: "The Live Platform is throttling or the app's own rate budget is spent (Retry-After says when to try again), no token could be obtained (detail names the credential mode), or (source=snapshot) storage did not answer.",
  504: 'The Live Platform did not answer within LIVE_PLATFORM_TIMEOUT_MS, retries included.',
};

/** The answer of a route that reads or writes Table or Queue Storage when storage does not answer. */
export const storageUnavailable =
  'Table or Queue Storage (SnapshotStorage) did not answer in time (LIVE_PLATFORM_TIMEOUT_MS for a read, retries included) or failed; Retry-After says when to try again.';

/** The two document routes take no parameters and fail only when the app was deployed without its build output. */
export const apiDocumentProblems: Partial<Record<ProblemStatus, string>> = {
  400: invalidRequest,
  500: 'The API description was not built with the app (npm run build writes dist/api).',
};

/** The problem answers of a route that looks a tenant's numbers up, with what its 404 means there. */
export function numberLookupProblems(notFound: string): Partial<Record<ProblemStatus, string>> {
  return { 400: invalidRequest, 403: tenantNotAllowed, 404: notFound, 500: appFailure, ...livePlatformProblems };
}
