import type { ApiRoute } from '../../shared/api/apiRoute';
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
const noFunctionKey = 'No valid function key: answered by the Functions host, without a body.';

/** Every answer a route gives, by status code. */
export function documentedResponses(route: ApiRoute): DocumentedResponse[] {
  const responses: DocumentedResponse[] = route.responses.map((response) => ({ ...response, status: String(response.status) }));
  // A 304 carries the headers of the 200 it stands for.
  if (route.notModified) responses.push({ status: '304', description: notModified, headers: route.responses[0]?.headers ?? [] });
  if (route.authLevel === 'function') responses.push({ status: '401', description: noFunctionKey, headers: [] });
  for (const [status, description] of Object.entries(route.problems)) {
    if (responses.some((response) => response.status === status)) throw new Error(`${route.name}: status ${status} is both a success and a problem`);
    responses.push({ status, description, problem: true, headers: status === '503' ? ['Retry-After', 'X-Correlation-Id'] : ['X-Correlation-Id'] });
  }
  return responses.sort((a, b) => Number(a.status) - Number(b.status));
}
