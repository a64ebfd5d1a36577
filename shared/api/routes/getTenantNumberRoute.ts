import { single, type ParsedQuery } from '../../http/queryParameters';
import { parseFields, type DataSource, type NumberRecordQuery, type ResponseFormat } from '../../numbers/numberQuery';
import type { ApiRoute } from '../apiRoute';
import {
  recordQueryDocs,
  recordQuerySpec,
  recordRequestHeaders,
  recordResponseHeaders,
  telephoneNumberPathParameter,
  tenantPathParameter,
} from '../commonParameters';

/** The validated query as the projection, format, data source and channel it asks for. */
export function recordQueryFrom(query: ParsedQuery): NumberRecordQuery {
  return {
    fields: parseFields(single(query, 'fields')),
    format: (single(query, 'format') as ResponseFormat | undefined) ?? null,
    source: (single(query, 'source') as DataSource | undefined) ?? 'live',
    channelId: single(query, 'channelId'),
  };
}
import { numberLookupProblems } from '../problemDescriptions';

export const getTenantNumberRoute: ApiRoute = {
  name: 'getTenantNumber',
  operationId: 'GetCustomerNumber',
  method: 'GET',
  route: 'tenants/{msTenantId}/numbers/{telephoneNumber}',
  authLevel: 'function',
  tag: 'Numbers',
  summary: 'Get a customer number',
  description: 'Gets one number of a customer tenant, normalised, or 404 when the tenant does not have it.',
  visibility: 'important',
  pathParameters: [tenantPathParameter, telephoneNumberPathParameter],
  query: recordQuerySpec,
  queryDocs: recordQueryDocs,
  headers: recordRequestHeaders,
  responses: [
    {
      status: 200,
      description: 'The number, or a CSV header row and its row.',
      body: 'NumberRecord',
      csv: true,
      headers: recordResponseHeaders,
    },
  ],
  notModified: true,
  problems: numberLookupProblems(
    'The tenant does not have this number, the Live Platform has no customer with this tenant id, or (source=snapshot) no successful snapshot exists yet.',
  ),
  pageable: false,
};
