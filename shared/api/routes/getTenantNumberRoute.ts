import { single, type ParsedQuery } from '../../http/queryParameters';
import { parseFields, type DataSource, type NumberRecordQuery, type ResponseFormat } from '../../numbers/numberQuery';
import { e164Pattern } from '../../numbers/upstreamRecordSchema';
import type { ApiRoute } from '../apiRoute';
import { recordQueryDocs, recordQuerySpec, recordRequestHeaders, recordResponseHeaders, tenantPathParameter } from '../commonParameters';

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
  pathParameters: [
    tenantPathParameter,
    {
      name: 'telephoneNumber',
      title: 'Telephone Number',
      description: 'The number in E.164 form, with or without the leading + (which may also come encoded as %2B), such as +14255550100.',
      visibility: 'important',
      required: true,
      schema: { type: 'string', maxLength: 16, pattern: e164Pattern },
    },
  ],
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
  problems: numberLookupProblems('The tenant does not have this number, the Live Platform has no customer with this tenant id, or (source=snapshot) no successful snapshot exists yet.'),
  pageable: false,
};
