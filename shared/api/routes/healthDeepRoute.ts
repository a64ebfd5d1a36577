import type { ApiRoute } from '../apiRoute';
import { appFailure, invalidRequest } from '../problemDescriptions';

export const healthDeepRoute: ApiRoute = {
  name: 'healthDeep',
  operationId: 'CheckDependencies',
  method: 'GET',
  route: 'health/deep',
  authLevel: 'function',
  tag: 'Health',
  summary: "Check the app's dependencies",
  description:
    "Checks the configuration, getting a Live Platform token and reaching storage, each with its latency. Names and timings only, never a setting's value.",
  visibility: 'advanced',
  pathParameters: [],
  query: {},
  queryDocs: {},
  headers: ['X-Correlation-Id'],
  responses: [
    { status: 200, description: 'Every check passed.', body: 'HealthReport', headers: ['X-Correlation-Id'] },
    { status: 503, description: 'A check failed; its detail names what failed.', body: 'HealthReport', headers: ['X-Correlation-Id'] },
  ],
  notModified: false,
  problems: { 400: invalidRequest, 500: appFailure },
  pageable: false,
};
