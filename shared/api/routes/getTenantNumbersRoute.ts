import { single, type ParsedQuery, type QuerySpec } from '../../http/queryParameters';
import {
  parseCapabilities,
  parseFields,
  textFilterNames,
  type DataSource,
  type NumberFilters,
  type NumberQuery,
  type ResponseFormat,
} from '../../numbers/numberQuery';
import type { ApiRoute, ParameterDoc } from '../apiRoute';
import { recordQueryDocs, recordQuerySpec, recordRequestHeaders, recordResponseHeaders, tenantPathParameter } from '../commonParameters';
import { numberLookupProblems } from '../problemDescriptions';

export const maxTop = 1000;
const filterText = { schema: { type: 'string', minLength: 1, maxLength: 256 }, mustBe: 'text of 1 to 256 characters' };
// An unencoded '+' in a query string arrives as a space; it can only have meant '+'.
const digits = { schema: { type: 'string', maxLength: 16, pattern: '^[+ ]?[0-9]{1,15}$' }, mustBe: "up to 15 digits, optionally after '+'" };

/** `getTenantNumbers`: filters, paging, projection, format and data source. */
export const numberListQuerySpec: QuerySpec = {
  ...recordQuerySpec,
  assignmentStatus: filterText,
  acquiredNumberStatus: filterText,
  capability: { ...filterText, repeatable: true },
  isoCountryCode: filterText,
  locationId: filterText,
  civicAddressId: filterText,
  numberSource: filterText,
  numberStartsWith: digits,
  numberContains: digits,
  top: { schema: { type: 'string', integerRange: [1, maxTop] }, mustBe: `an integer from 1 to ${maxTop}` },
  skip: { schema: { type: 'string', integerRange: [0, 100_000_000] }, mustBe: 'an integer from 0 to 100000000' },
};

/** The validated query as the listing it asks for. */
export function numberQueryFrom(query: ParsedQuery): NumberQuery {
  const capabilities = parseCapabilities(query['capability'] ?? []);
  const filters: NumberFilters = { capabilities };
  for (const name of textFilterNames) {
    const value = single(query, name);
    if (value !== undefined) filters[name] = value.replace(/^ /, '+');
  }
  const top = single(query, 'top');
  const skip = single(query, 'skip');
  return {
    filters,
    top: top === undefined ? maxTop : Number(top),
    topGiven: top !== undefined,
    skip: skip === undefined ? 0 : Number(skip),
    fields: parseFields(single(query, 'fields')),
    format: (single(query, 'format') as ResponseFormat | undefined) ?? null,
    source: (single(query, 'source') as DataSource | undefined) ?? 'live',
    channelId: single(query, 'channelId'),
  };
}

const exactMatch = (title: string, field: string, visibility: ParameterDoc['visibility'], examples: string): ParameterDoc => ({
  title,
  description: `Only numbers whose ${field} equals this value, case-insensitive${examples}.`,
  visibility,
});

export const getTenantNumbersRoute: ApiRoute = {
  name: 'getTenantNumbers',
  operationId: 'ListCustomerNumbers',
  method: 'GET',
  route: 'tenants/{msTenantId}/numbers',
  authLevel: 'function',
  tag: 'Numbers',
  summary: 'List customer numbers',
  description:
    "Lists a customer tenant's Operator Connect numbers, normalised, filtered and paged. Filters combine and ignore case. " +
    'Follow nextLink for the next page: it keeps every filter and never carries the function key.',
  visibility: 'important',
  pathParameters: [tenantPathParameter],
  query: numberListQuerySpec,
  queryDocs: {
    ...recordQueryDocs,
    assignmentStatus: exactMatch(
      'Assignment Status',
      'assignmentStatus',
      'important',
      ', such as Unassigned, UserAssigned, ConferenceAssigned, VoiceApp or Active',
    ),
    acquiredNumberStatus: exactMatch('Acquired Number Status', 'acquiredNumberStatus', 'advanced', ', text or number as the Live Platform sends it'),
    capability: {
      title: 'Capabilities',
      description:
        'Only numbers whose acquiredCapabilities include every capability given, case-insensitive. Repeat the parameter or give a comma list, such as InboundCalling,UserAssignment; at most 10 distinct capabilities.',
      visibility: 'important',
    },
    isoCountryCode: exactMatch('Country Code', 'isoCountryCode', 'important', ', an ISO 3166 code such as US or GB'),
    locationId: exactMatch('Location ID', 'locationId', 'advanced', ''),
    civicAddressId: exactMatch('Civic Address ID', 'civicAddressId', 'advanced', ''),
    numberSource: exactMatch(
      'Number Source',
      'source field',
      'advanced',
      ' (webapi, webui, ocsync, OperatorConnect); named numberSource because source chooses the data source',
    ),
    numberStartsWith: {
      title: 'Number Starts With',
      description: "Only numbers that start with these digits, with or without '+', such as +4420.",
      visibility: 'advanced',
    },
    numberContains: { title: 'Number Contains', description: 'Only numbers that contain these digits.', visibility: 'advanced' },
    top: { title: 'Page Size', description: 'At most this many numbers per page.', visibility: 'advanced', default: maxTop },
    skip: {
      title: 'Skip',
      description: 'Matching numbers to skip before the page starts; nextLink carries it, so a caller following nextLink never sets it.',
      visibility: 'advanced',
      default: 0,
    },
  },
  headers: recordRequestHeaders,
  responses: [
    {
      status: 200,
      description: 'One page of the matching numbers; as CSV without top, all of them (streamed), with top one page and a Link header to the next.',
      body: 'NumberList',
      csv: true,
      headers: [...recordResponseHeaders.slice(0, 1), 'Link', ...recordResponseHeaders.slice(1)],
    },
  ],
  notModified: true,
  problems: numberLookupProblems(
    'The Live Platform has no Operator Connect customer with this tenant id, or (source=snapshot) no successful snapshot of it exists yet.',
  ),
  pageable: true,
};
