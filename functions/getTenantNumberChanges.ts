import { app } from '@azure/functions';
import { invalidInput } from '../shared/http/apiError';
import { httpFunction } from '../shared/http/httpFunction';
import { compileQuery, single } from '../shared/http/queryParameters';
import { channelFrom, channelIdParameter, tenantFromPath } from '../shared/http/requestParameters';
import { representation } from '../shared/http/representation';
import { continuationParameter, nextLinkWith, topParameter, withCheckedContinuation } from '../shared/snapshots/listingPaging';
import { changeTypes, type ChangeType } from '../shared/snapshots/numberChange';
import { readChangesPage } from '../shared/snapshots/readChanges';
import { processSnapshotTables } from '../shared/storage/snapshotTables';

// A space before the offset is an unencoded '+'.
const isoDateTime = {
  schema: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+ -][0-9]{2}:[0-9]{2}))?$' },
  mustBe: 'an ISO 8601 date or date-time with a time zone, such as 2026-01-31T00:00:00Z',
};
const defaultTop = 100;
const query = compileQuery({
  since: isoDateTime,
  until: isoDateTime,
  changeType: { schema: { enum: changeTypes }, mustBe: `one of ${changeTypes.join(', ')}` },
  // An unencoded '+' arrives as a space; it can only have meant '+'.
  telephoneNumber: { schema: { type: 'string', pattern: '^[+ ]?[1-9][0-9]{6,14}$' }, mustBe: 'an E.164 number such as +14255550100' },
  top: topParameter(1000),
  continuation: continuationParameter,
  // Accepted like on every tenant route; the stored history is per tenant, whatever the channel.
  channelId: channelIdParameter,
});

function instant(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value.replace(' ', '+'));
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  // Date.parse rolls 2026-02-30 over to March; a date that is not on the calendar is refused.
  const onCalendar = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12;
  if (Number.isNaN(ms) || !onCalendar) throw invalidInput([{ parameter: name, detail: `Query parameter "${name}" must be ${isoDateTime.mustBe}.` }]);
  return new Date(ms);
}

export const getTenantNumberChanges = httpFunction(async (request, scope) => {
  const settings = scope.settings();
  const msTenantId = tenantFromPath(request.params['msTenantId'], settings);
  const parsed = query.parse(request.query);
  channelFrom(single(parsed, 'channelId'), request.headers.get('x-ovoc-channel-id'), settings);
  const since = instant('since', single(parsed, 'since'));
  const until = instant('until', single(parsed, 'until'));
  if (since && until && since.getTime() >= until.getTime()) throw invalidInput([{ parameter: 'until', detail: 'Query parameter "until" must be later than "since".' }]);
  const telephoneNumber = single(parsed, 'telephoneNumber')?.replace(/^[+ ]?/, '+');

  const page = await withCheckedContinuation(() =>
    readChangesPage(processSnapshotTables().changes, {
      msTenantId,
      since,
      until,
      changeType: single(parsed, 'changeType') as ChangeType | undefined,
      telephoneNumber,
      top: Number(single(parsed, 'top') ?? defaultTop),
      continuation: single(parsed, 'continuation'),
    }),
  );
  const value = page.changes.map(({ msTenantId: _tenant, detectedAt, ...change }) => ({ ...change, detectedAt: detectedAt.toISOString() }));
  const body = JSON.stringify({ msTenantId, count: value.length, value, nextLink: nextLinkWith(request.url, page.continuation) });
  return representation(request, body, 'application/json; charset=utf-8', body);
});

app.http('getTenantNumberChanges', {
  methods: ['GET'],
  authLevel: 'function',
  route: 'tenants/{msTenantId}/changes',
  handler: getTenantNumberChanges,
});
