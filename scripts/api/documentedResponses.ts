import type { ApiRoute } from '../../shared/api/apiRoute';
import { requiredRole } from '../../shared/auth/callerAuth';
import type { ResponseHeaderName } from '../../shared/api/responseHeaders';
import type { ComponentName } from '../../shared/api/schemas/componentName';

/** A response as both documents describe it: a body (JSON, maybe CSV too), a problem, or nothing. */
export interface DocumentedResponse {
  status: string;
  description: string;
  body?: ComponentName;
  csv?: true;
  ndjson?: true;
  problem?: true;
  headers: readonly ResponseHeaderName[];
}

const notModified = 'Not modified: If-None-Match names the current ETag. No body.';
const unauthenticated =
  'No valid function key (answered by the Functions host, without a body), or with CALLER_AUTH=entra no valid Entra ID access token for this API (a problem, with WWW-Authenticate).';
const missingRole = (role: string) => `With CALLER_AUTH=entra: the caller's token lacks the app role ${role}.`;

/** Every answer a route gives, by status code. */
export function documentedResponses(route: ApiRoute): DocumentedResponse[] {
  const responses: DocumentedResponse[] = route.responses.map((response) => ({ ...response, status: String(response.status) }));
  // A 304 carries the headers of the 200 it stands for.
  if (route.notModified) responses.push({ status: '304', description: notModified, headers: route.responses[0]?.headers ?? [] });
  const problems: Record<string, string> = { ...route.problems };
  const role = requiredRole(route);
  if (role !== null) {
    responses.push({ status: '401', description: unauthenticated, problem: true, headers: ['WWW-Authenticate', 'X-Correlation-Id'] });
    problems['403'] = [problems['403'], missingRole(role)].filter((text) => text !== undefined).join(' ');
  }
  for (const [status, description] of Object.entries(problems)) {
    if (responses.some((response) => response.status === status)) throw new Error(`${route.name}: status ${status} is both a success and a problem`);
    responses.push({
      status,
      description,
      problem: true,
      headers: status === '503' || status === '429' ? ['Retry-After', 'X-Correlation-Id'] : ['X-Correlation-Id'],
    });
  }
  return responses.sort((a, b) => Number(a.status) - Number(b.status));
}
