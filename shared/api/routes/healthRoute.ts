import type { ApiRoute } from '../apiRoute';
import { invalidRequest } from '../problemDescriptions';

export const healthRoute: ApiRoute = {
  name: 'health',
  operationId: 'CheckHealth',
  method: 'GET',
  route: 'health',
  authLevel: 'anonymous',
  tag: 'Health',
  summary: 'Check that the app is up',
  description: 'Answers without touching any dependency, so it answers even when the Live Platform or storage is down. Needs no function key.',
  visibility: 'internal',
  pathParameters: [],
  query: {},
  queryDocs: {},
  headers: ['X-Correlation-Id'],
  responses: [{ status: 200, description: 'The app is up.', body: 'Health', headers: ['X-Correlation-Id'] }],
  notModified: false,
  problems: { 400: invalidRequest },
  pageable: false,
};
