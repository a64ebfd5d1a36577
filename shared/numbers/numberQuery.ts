import { invalidInput, shownText } from '../http/apiError';
import { channelIdParameter } from '../http/requestParameters';
import { single, type ParsedQuery, type QuerySpec } from '../http/queryParameters';
import { numberRecordFields, type NumberRecordField } from './numberRecord';

export type DataSource = 'live' | 'snapshot' | 'auto';
export type ResponseFormat = 'json' | 'csv';

export interface NumberFilters {
  assignmentStatus?: string;
  acquiredNumberStatus?: string;
  capabilities: string[];
  isoCountryCode?: string;
  locationId?: string;
  civicAddressId?: string;
  numberSource?: string;
  numberStartsWith?: string;
  numberContains?: string;
}

export interface NumberQuery {
  filters: NumberFilters;
  top: number;
  skip: number;
  fields: NumberRecordField[] | null;
  format: ResponseFormat | null;
  source: DataSource;
  channelId: string | undefined;
}

export const maxTop = 1000;
/** Distinct `capability` values one query may require: a number holds a handful of capabilities. */
export const maxCapabilities = 10;
/** Every field named once: enough for any projection (a name given twice counts once). */
const maxFieldsLength = numberRecordFields.join(',').length;
const filterText = { schema: { type: 'string', minLength: 1, maxLength: 256 }, mustBe: 'text of 1 to 256 characters' };
// An unencoded '+' in a query string arrives as a space; it can only have meant '+'.
const digits = { schema: { type: 'string', maxLength: 16, pattern: '^[+ ]?[0-9]{1,15}$' }, mustBe: "up to 15 digits, optionally after '+'" };

export const dataSources: readonly DataSource[] = ['live', 'snapshot', 'auto'];

/** Query parameters shared by the record-returning routes. */
export const recordQuerySpec: QuerySpec = {
  channelId: channelIdParameter,
  source: { schema: { enum: dataSources }, mustBe: `one of ${dataSources.join(', ')}` },
  fields: {
    schema: { type: 'string', maxLength: maxFieldsLength, pattern: '^[A-Za-z]+(,[A-Za-z]+)*$' },
    mustBe: `a comma list of ${numberRecordFields.join(', ')} (at most ${maxFieldsLength} characters)`,
  },
  format: { schema: { enum: ['json', 'csv'] }, mustBe: 'json or csv' },
};

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

export function parseFields(value: string | undefined): NumberRecordField[] | null {
  if (value === undefined) return null;
  const known = new Set<string>(numberRecordFields);
  const requested = value.split(',');
  const unknown = requested.filter((field) => !known.has(field));
  if (unknown.length > 0) {
    const named = unknown.slice(0, 10).map((field) => shownText(field, 40));
    throw invalidInput([{ parameter: 'fields', detail: `Unknown field(s) in fields: ${named.join(', ')}${unknown.length > 10 ? ', …' : ''}. Known fields: ${numberRecordFields.join(', ')}.` }]);
  }
  return [...new Set(requested)] as NumberRecordField[];
}

/** Distinct capabilities (case-insensitive, a repeated one counts once), at most maxCapabilities. */
function parseCapabilities(values: readonly string[]): string[] {
  const distinct = new Map<string, string>();
  for (const value of values) {
    for (const part of value.split(',')) {
      const capability = part.trim();
      if (capability !== '') distinct.set(capability.toLowerCase(), capability);
    }
  }
  if (distinct.size > maxCapabilities) {
    throw invalidInput([{ parameter: 'capability', detail: `Query parameter "capability" may name at most ${maxCapabilities} distinct capabilities (${distinct.size} given).` }]);
  }
  return [...distinct.values()];
}

export function toNumberQuery(query: ParsedQuery): NumberQuery {
  const capabilities = parseCapabilities(query['capability'] ?? []);
  const filters: NumberFilters = { capabilities };
  for (const name of ['assignmentStatus', 'acquiredNumberStatus', 'isoCountryCode', 'locationId', 'civicAddressId', 'numberSource', 'numberStartsWith', 'numberContains'] as const) {
    const value = single(query, name);
    if (value !== undefined) filters[name] = value.replace(/^ /, '+');
  }
  const top = single(query, 'top');
  const skip = single(query, 'skip');
  return {
    filters,
    top: top === undefined ? maxTop : Number(top),
    skip: skip === undefined ? 0 : Number(skip),
    fields: parseFields(single(query, 'fields')),
    format: (single(query, 'format') as ResponseFormat | undefined) ?? null,
    source: (single(query, 'source') as DataSource | undefined) ?? 'live',
    channelId: single(query, 'channelId'),
  };
}
