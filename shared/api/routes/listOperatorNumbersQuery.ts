import { invalidInput, TenantNotAllowedError } from '../../errors/requestErrors';
import { guidText } from '../../ids/idsAndLimits';
import { single, type ParsedQuery, type QuerySpec } from '../../http/queryParameters';
import { continuationParameter, topParameter } from '../commonParameters';
import { maxTop, numberListQuerySpec, numberQueryFrom } from './getTenantNumbersRoute';
import { parseFields } from '../../numbers/numberQuery';
import {
  defaultReportDays,
  numberStates,
  operatorFormats,
  operatorReports,
  type OperatorFormat,
  type OperatorNumbersQuery,
  type OperatorReport,
  type StateFilter,
} from '../../views/operatorNumbersQuery';

const maxDays = 36500;
const guid = guidText;

/** `msTenantId`, repeatable or as a comma list: the operator-wide routes' tenant filter. */
export const tenantListParameter = {
  // 100 GUIDs and their commas: a bound on what one value may make the app parse and match.
  schema: { type: 'string', maxLength: 3699, pattern: `^${guid}(,${guid})*$` },
  mustBe: 'a GUID or a comma list of at most 100 GUIDs',
  repeatable: true,
} as const;

const { channelId: _channel, source: _source, skip: _skip, top: _top, format: _format, ...recordFilters } = numberListQuerySpec;

export const operatorNumbersQuerySpec: QuerySpec = {
  ...recordFilters,
  msTenantId: tenantListParameter,
  state: { schema: { enum: numberStates }, mustBe: `one of ${numberStates.join(', ')}` },
  format: { schema: { enum: operatorFormats }, mustBe: `one of ${operatorFormats.join(', ')}` },
  top: topParameter(maxTop),
  continuation: continuationParameter,
  report: { schema: { enum: operatorReports }, mustBe: `one of ${operatorReports.join(', ')}` },
  minDays: { schema: { type: 'string', integerRange: [0, maxDays] }, mustBe: `an integer from 0 to ${maxDays}` },
  days: { schema: { type: 'string', integerRange: [1, maxDays] }, mustBe: `an integer from 1 to ${maxDays}` },
};

/**
 * The tenants to read: those asked for, each checked against ALLOWED_TENANTS (403 for one outside it,
 * as on every tenant route), else every allowed tenant, else (no ALLOWED_TENANTS) all of them.
 */
export function requestedTenants(query: ParsedQuery, allowedTenants: ReadonlySet<string> | null | undefined): string[] | undefined {
  const values = query['msTenantId'];
  if (!values) return allowedTenants ? [...allowedTenants].sort() : undefined;
  const tenants = [...new Set(values.flatMap((value) => value.split(',')).map((value) => value.toLowerCase()))].sort();
  const hidden = tenants.find((tenant) => allowedTenants && !allowedTenants.has(tenant));
  if (hidden) throw new TenantNotAllowedError(hidden);
  return tenants;
}

export function toOperatorNumbersQuery(query: ParsedQuery, allowedTenants: ReadonlySet<string> | null | undefined): OperatorNumbersQuery {
  const report = single(query, 'report') as OperatorReport | undefined;
  const state = single(query, 'state') as StateFilter | undefined;
  if (report && state)
    throw invalidInput([{ parameter: 'state', detail: 'Query parameter "state" cannot be combined with "report": each report chooses its numbers\' state.' }]);
  const minDays = single(query, 'minDays');
  const days = single(query, 'days');
  if (minDays !== undefined && report !== 'idleUnassigned')
    throw invalidInput([{ parameter: 'minDays', detail: 'Query parameter "minDays" applies only to report=idleUnassigned.' }]);
  if (days !== undefined && report !== 'recentlyReleased')
    throw invalidInput([{ parameter: 'days', detail: 'Query parameter "days" applies only to report=recentlyReleased.' }]);
  const top = single(query, 'top');
  return {
    filters: numberQueryFrom(query).filters,
    tenants: requestedTenants(query, allowedTenants),
    state: report === 'recentlyReleased' ? 'released' : report ? 'active' : (state ?? 'active'),
    report,
    days: Number(minDays ?? days ?? defaultReportDays),
    fields: parseFields(single(query, 'fields')),
    format: (single(query, 'format') as OperatorFormat | undefined) ?? null,
    top: top === undefined ? undefined : Number(top),
    continuation: single(query, 'continuation'),
  };
}
