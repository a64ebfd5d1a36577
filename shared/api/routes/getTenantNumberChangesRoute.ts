import { invalidInput } from '../../errors/requestErrors';
import { single, type ParsedQuery, type QuerySpec } from '../../http/queryParameters';
import { channelIdParameter } from '../../http/requestParameters';
import { changeTypes, type ChangeType } from '../../snapshots/numberChange';
import type { ChangesQuery } from '../../snapshots/readChanges';
import type { ApiRoute } from '../apiRoute';
import { channelIdDoc, continuationParameter, tenantPathParameter, topParameter } from '../commonParameters';

// A space before the offset is an unencoded '+'.
export const isoDateTime = {
  schema: { type: 'string', maxLength: 35, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+ -][0-9]{2}:[0-9]{2}))?$' },
  mustBe: 'an ISO 8601 date or date-time with a time zone, such as 2026-01-31T00:00:00Z',
};

export const defaultChangesTop = 100;
const maxChangesTop = 1000;

/** `getTenantNumberChanges`: time window, filters and paging of a tenant's change history. */
export const changesQuerySpec: QuerySpec = {
  since: isoDateTime,
  until: isoDateTime,
  changeType: { schema: { enum: changeTypes }, mustBe: `one of ${changeTypes.join(', ')}` },
  // An unencoded '+' arrives as a space; it can only have meant '+'.
  telephoneNumber: { schema: { type: 'string', maxLength: 16, pattern: '^[+ ]?[1-9][0-9]{6,14}$' }, mustBe: 'an E.164 number such as +14255550100' },
  top: topParameter(maxChangesTop),
  continuation: continuationParameter,
  // Accepted like on every tenant route; the stored history is per tenant, whatever the channel.
  channelId: channelIdParameter,
};

/** A validated ISO 8601 query value as a Date; a date that is not on the calendar is a 400. */
export function instant(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value.replace(' ', '+'));
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  // Date.parse rolls 2026-02-30 over to March; a date that is not on the calendar is refused.
  const onCalendar = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12;
  if (Number.isNaN(ms) || !onCalendar) throw invalidInput([{ parameter: name, detail: `Query parameter "${name}" must be ${isoDateTime.mustBe}.` }]);
  return new Date(ms);
}

/** The validated query as a read of the change journal; `until` must come after `since`. */
export function changesQueryFrom(msTenantId: string, parsed: ParsedQuery): ChangesQuery {
  const since = instant('since', single(parsed, 'since'));
  const until = instant('until', single(parsed, 'until'));
  if (since && until && since.getTime() >= until.getTime())
    throw invalidInput([{ parameter: 'until', detail: 'Query parameter "until" must be later than "since".' }]);
  return {
    msTenantId,
    since,
    until,
    changeType: single(parsed, 'changeType') as ChangeType | undefined,
    telephoneNumber: single(parsed, 'telephoneNumber')?.replace(/^[+ ]?/, '+'),
    top: Number(single(parsed, 'top') ?? defaultChangesTop),
    continuation: single(parsed, 'continuation'),
  };
}
import { appFailure, invalidRequest, storageUnavailable, tenantNotAllowed } from '../problemDescriptions';

export const getTenantNumberChangesRoute: ApiRoute = {
  name: 'getTenantNumberChanges',
  operationId: 'ListNumberChanges',
  method: 'GET',
  route: 'tenants/{msTenantId}/changes',
  authLevel: 'function',
  tag: 'Snapshots',
  summary: 'List number changes',
  description:
    "Lists the changes the snapshots detected in a customer tenant's numbers, newest first: numbers added, changed, released and reactivated. " +
    'Reads Table Storage only. Follow nextLink for the next page.',
  visibility: 'important',
  pathParameters: [tenantPathParameter],
  query: changesQuerySpec,
  queryDocs: {
    since: { title: 'Since', description: 'Only changes detected at or after this time.', visibility: 'important' },
    until: { title: 'Until', description: 'Only changes detected before this time; must be later than since.', visibility: 'advanced' },
    changeType: { title: 'Change Type', description: 'Only changes of this type.', visibility: 'important' },
    telephoneNumber: { title: 'Telephone Number', description: "Only changes of this number, with or without the leading '+'.", visibility: 'advanced' },
    top: { title: 'Page Size', description: 'At most this many changes per page.', visibility: 'advanced', default: defaultChangesTop },
    continuation: { title: 'Continuation', description: 'Where the next page starts; nextLink carries it.', visibility: 'internal' },
    channelId: { ...channelIdDoc, description: 'Accepted for symmetry with the other tenant routes; the history is per tenant, whatever the channel.' },
  },
  headers: ['X-Ovoc-Channel-Id', 'If-None-Match', 'X-Correlation-Id'],
  responses: [{ status: 200, description: 'One page of changes, newest first.', body: 'ChangeList', headers: ['ETag', 'X-Correlation-Id'] }],
  notModified: true,
  problems: {
    400: `${invalidRequest} A continuation from another tenant or a forged one is refused too.`,
    403: tenantNotAllowed,
    500: appFailure,
    503: storageUnavailable,
  },
  pageable: true,
};
