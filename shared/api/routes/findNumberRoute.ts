import { telephoneNumberPathParameter } from '../commonParameters';
import type { ApiRoute } from '../apiRoute';
import { appFailure, invalidRequest } from '../problemDescriptions';

export const findNumberRoute: ApiRoute = {
  name: 'findNumber',
  operationId: 'FindNumber',
  method: 'GET',
  route: 'numbers/{telephoneNumber}',
  authLevel: 'function',
  tag: 'Numbers',
  summary: 'Find which customer holds a number',
  description:
    'Finds a number across every customer from the snapshots (never the Live Platform): the record of the tenant that holds it now, ' +
    'and every tenant that held it, newest first. Answered from the ocNumberIndex table in one read.',
  visibility: 'important',
  pathParameters: [telephoneNumberPathParameter],
  query: {},
  queryDocs: {},
  headers: ['X-Correlation-Id'],
  responses: [{ status: 200, description: 'The current holder, if any, and every holder.', body: 'FoundNumber', headers: ['X-Correlation-Id'] }],
  notModified: false,
  problems: { 400: invalidRequest, 404: 'No snapshot of a tenant this app may serve has seen this number.', 500: appFailure },
  pageable: false,
};
