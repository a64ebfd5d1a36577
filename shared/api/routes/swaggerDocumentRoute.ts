import type { ApiRoute } from '../apiRoute';
import { apiDocumentProblems } from '../problemDescriptions';

export const swaggerDocumentRoute: ApiRoute = {
  name: 'swaggerDocument',
  operationId: 'GetSwaggerDocument',
  method: 'GET',
  route: 'swagger.json',
  authLevel: 'anonymous',
  tag: 'API description',
  summary: 'Get the Swagger 2.0 description',
  description:
    'This API described in Swagger 2.0 with the Power Platform extensions, host set to the address it was asked at: what Power Automate imports. Needs no function key.',
  visibility: 'internal',
  pathParameters: [],
  query: {},
  queryDocs: {},
  headers: ['If-None-Match', 'X-Correlation-Id'],
  responses: [{ status: 200, description: 'The Swagger document.', body: 'SwaggerDocument', headers: ['ETag', 'X-Correlation-Id'] }],
  notModified: true,
  problems: apiDocumentProblems,
  pageable: false,
};
