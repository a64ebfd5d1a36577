import type { ApiRoute } from '../apiRoute';
import { apiDocumentProblems } from '../problemDescriptions';

export const openApiDocumentRoute: ApiRoute = {
  name: 'openApiDocument',
  operationId: 'GetOpenApiDocument',
  method: 'GET',
  route: 'openapi.json',
  authLevel: 'anonymous',
  tag: 'API description',
  summary: 'Get the OpenAPI 3.1 description',
  description: 'This API described in OpenAPI 3.1, with servers set to the address it was asked at. Needs no function key.',
  visibility: 'internal',
  pathParameters: [],
  query: {},
  queryDocs: {},
  headers: ['If-None-Match', 'X-Correlation-Id'],
  responses: [{ status: 200, description: 'The OpenAPI document.', body: 'OpenApiDocument', headers: ['ETag', 'X-Correlation-Id'] }],
  notModified: true,
  problems: apiDocumentProblems,
  pageable: false,
};
