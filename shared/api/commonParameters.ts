import type { QueryParameterSpec, QuerySpec } from '../http/queryParameters';
import { channelIdParameter } from '../http/requestParameters';
import { guidPattern } from '../ids/idsAndLimits';
import { dataSources } from '../numbers/numberQuery';
import { numberRecordFields } from '../numbers/numberRecord';
import { e164Pattern } from '../numbers/upstreamRecordSchema';
import type { ParameterDoc, PathParameter, SuccessResponse } from './apiRoute';
import type { RequestHeaderName } from './requestHeaders';

export const tenantPathParameter: PathParameter = {
  name: 'msTenantId',
  title: 'Customer Tenant ID',
  description: "The customer's Microsoft Entra tenant ID: a GUID, in any case.",
  visibility: 'important',
  required: true,
  schema: { type: 'string', maxLength: 36, pattern: guidPattern },
};

/** A number in a path: getTenantNumber and findNumber read it alike. */
export const telephoneNumberPathParameter: PathParameter = {
  name: 'telephoneNumber',
  title: 'Telephone Number',
  description: 'The number in E.164 form, with or without the leading + (which may also come encoded as %2B), such as +14255550100.',
  visibility: 'important',
  required: true,
  schema: { type: 'string', maxLength: 16, pattern: e164Pattern },
};

export const channelIdDoc: ParameterDoc = {
  title: 'Channel ID',
  description:
    'The Live Platform channel, sent upstream as X-Ovoc-Channel-Id (the header may be used instead; when both are given they must agree). Default: the app setting LIVE_PLATFORM_CHANNEL_ID.',
  visibility: 'advanced',
};

/** Every field named once: enough for any projection (a name given twice counts once). */
const maxFieldsLength = numberRecordFields.join(',').length;

/** Query parameters shared by the record-returning routes. */
export const recordQuerySpec: QuerySpec = {
  channelId: channelIdParameter,
  source: { schema: { enum: dataSources }, mustBe: `one of ${dataSources.join(', ')}` },
  fields: {
    schema: { type: 'string', maxLength: maxFieldsLength, pattern: '^[A-Za-z]+(,[A-Za-z]+)*$' },
    mustBe: `a comma list of ${numberRecordFields.join(', ')} (at most ${maxFieldsLength} characters)`,
    commaListOf: numberRecordFields,
  },
  format: { schema: { enum: ['json', 'csv'] }, mustBe: 'json or csv' },
};

/** Paging of the change and run listings: `top` plus an opaque `continuation`, carried by `nextLink`. */
export const continuationParameter: QueryParameterSpec = {
  schema: { type: 'string', maxLength: 8192, pattern: '^[A-Za-z0-9_-]{1,8192}$' },
  mustBe: 'the continuation token from a nextLink',
};

export function topParameter(max: number): QueryParameterSpec {
  return { schema: { type: 'string', integerRange: [1, max] }, mustBe: `an integer from 1 to ${max}` };
}

/** The parameters of recordQuerySpec, shared by the routes that answer number records. */
export const recordQueryDocs: Readonly<Record<string, ParameterDoc>> = {
  channelId: channelIdDoc,
  source: {
    title: 'Data Source',
    description:
      'live: ask the Live Platform. snapshot: the numbers of the last successful snapshot, from Table Storage, with no Live Platform call. ' +
      'auto: live, falling back to the snapshot when the Live Platform fails (then X-Data-Source: snapshot, X-Snapshot-Age and a servedFromSnapshot warning).',
    visibility: 'advanced',
    default: 'live',
  },
  fields: {
    title: 'Fields',
    description: 'Return only these record fields, as a comma list such as telephoneNumber,assignmentStatus; an unknown field is refused.',
    visibility: 'advanced',
  },
  format: {
    title: 'Format',
    description:
      "json or csv. csv answers text/csv in UTF-8 with a byte-order mark (so Excel reads it right): a header row, every field quoted, arrays joined with ';', spreadsheet formulas neutralised. Without format, Accept: text/csv chooses CSV too.",
    visibility: 'internal',
  },
};

/** What the routes answering number records read and answer besides their body. */
export const recordRequestHeaders: readonly RequestHeaderName[] = ['X-Ovoc-Channel-Id', 'If-None-Match', 'Cache-Control', 'Accept', 'X-Correlation-Id'];
export const recordResponseHeaders: SuccessResponse['headers'] = ['ETag', 'X-Data-Source', 'X-Snapshot-Age', 'X-Correlation-Id'];
