import { invalidInput, shownText } from '../errors/requestErrors';
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

/** The filters given as one text each (`capability` may repeat, so it is apart). */
export const textFilterNames = [
  'assignmentStatus',
  'acquiredNumberStatus',
  'isoCountryCode',
  'locationId',
  'civicAddressId',
  'numberSource',
  'numberStartsWith',
  'numberContains',
] as const satisfies readonly (keyof NumberFilters)[];

/** What a record-returning route's query asks for, besides the tenant. */
export interface NumberRecordQuery {
  fields: NumberRecordField[] | null;
  format: ResponseFormat | null;
  source: DataSource;
  channelId: string | undefined;
}

/** Distinct `capability` values one query may require: a number holds a handful of capabilities. */
export const maxCapabilities = 10;

export interface NumberQuery extends NumberRecordQuery {
  filters: NumberFilters;
  top: number;
  /** Whether the caller gave `top`: CSV without it is every matching row, streamed. */
  topGiven: boolean;
  skip: number;
}

export const dataSources: readonly DataSource[] = ['live', 'snapshot', 'auto'];

export function parseFields(value: string | undefined): NumberRecordField[] | null {
  if (value === undefined) return null;
  const known = new Set<string>(numberRecordFields);
  const requested = value.split(',');
  const unknown = requested.filter((field) => !known.has(field));
  if (unknown.length > 0) {
    const named = unknown.slice(0, 10).map((field) => shownText(field, 40));
    throw invalidInput([
      {
        parameter: 'fields',
        detail: `Unknown field(s) in fields: ${named.join(', ')}${unknown.length > 10 ? ', …' : ''}. Known fields: ${numberRecordFields.join(', ')}.`,
      },
    ]);
  }
  return [...new Set(requested)] as NumberRecordField[];
}

/** Distinct capabilities (case-insensitive, a repeated one counts once), at most maxCapabilities. */
export function parseCapabilities(values: readonly string[]): string[] {
  const distinct = new Map<string, string>();
  for (const value of values) {
    for (const part of value.split(',')) {
      const capability = part.trim();
      if (capability !== '') distinct.set(capability.toLowerCase(), capability);
    }
  }
  if (distinct.size > maxCapabilities) {
    throw invalidInput([
      { parameter: 'capability', detail: `Query parameter "capability" may name at most ${maxCapabilities} distinct capabilities (${distinct.size} given).` },
    ]);
  }
  return [...distinct.values()];
}
