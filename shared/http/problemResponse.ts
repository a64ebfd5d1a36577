import type { HttpResponseInit } from '@azure/functions';
import type { ApiError, InputProblem } from './apiError';

export const problemContentType = 'application/problem+json';

/** Problem type URIs are URNs so they never depend on where the app is hosted. */
export function problemTypeUri(problemType: string): string {
  return `urn:oc-numbers:problem:${problemType}`;
}

/** The RFC 9457 body every error answer carries. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  correlationId: string;
  errors?: readonly InputProblem[];
}

export function problemResponse(error: ApiError, correlationId: string): HttpResponseInit {
  const headers: Record<string, string> = { ...error.options.headers, 'Content-Type': problemContentType, 'X-Correlation-Id': correlationId };
  if (error.options.retryAfterSeconds !== undefined) headers['Retry-After'] = String(error.options.retryAfterSeconds);
  const body: ProblemBody = {
    type: problemTypeUri(error.problemType),
    title: error.title,
    status: error.status,
    detail: error.detail,
    correlationId,
  };
  if (error.options.errors) body.errors = error.options.errors;
  return { status: error.status, headers, body: JSON.stringify(body) };
}
