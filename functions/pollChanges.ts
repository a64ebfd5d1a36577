import { feedPositionFrom, feedTenantFilter } from '../shared/api/routes/listChangesRoute';
import { pollChangesRoute, triggerBatchSize } from '../shared/api/routes/pollChangesRoute';
import type { ChangeTriggerBatchBody } from '../shared/api/schemas/feedSchemas';
import { feedItemBody } from '../shared/feed/feedItemBody';
import { encodeFeedPosition } from '../shared/feed/feedPosition';
import { feedHead, readFeed } from '../shared/feed/readFeed';
import { nextLink } from '../shared/http/nextLink';
import { single } from '../shared/http/queryParameters';
import { registerRoute } from '../shared/http/registerRoute';
import type { ChangeType } from '../shared/snapshots/numberChange';
import { appSnapshotTables } from '../shared/storage/snapshotTables';

/**
 * The polling trigger: the first poll (no triggerState) answers 202 with the feed's head as the
 * state, so a new flow starts with what happens next. Later polls answer 200 with the changes since
 * the state and the next state, or 202 when there are none. With nothing new for the flow the
 * state still moves to the head: the same place for this flow's filters, without reading the
 * other tenants' commits again on every poll.
 */
registerRoute(pollChangesRoute, async (request, { query, settings }) => {
  const includesTenant = feedTenantFilter(query, settings());
  const state = feedPositionFrom(query, 'triggerState');
  const tables = appSnapshotTables();
  const noStore = { 'Cache-Control': 'no-store' };
  const waitAt = (position: Parameters<typeof encodeFeedPosition>[0]) => ({
    status: 202,
    headers: {
      ...noStore,
      Location: nextLink(request.url, { triggerState: encodeFeedPosition(position) }),
      'Retry-After': String(settings().changesPollSeconds),
    },
  });
  if (state === undefined) return waitAt(await feedHead(tables.feed));

  const page = await readFeed(tables, {
    from: state,
    includesTenant,
    changeType: single(query, 'changeType') as ChangeType | undefined,
    top: triggerBatchSize,
  });
  if (page.items.length === 0) return waitAt(page.position);
  const body: ChangeTriggerBatchBody = { value: page.items.map(feedItemBody) };
  return {
    status: 200,
    headers: {
      ...noStore,
      'Content-Type': 'application/json; charset=utf-8',
      Location: nextLink(request.url, { triggerState: encodeFeedPosition(page.position) }),
    },
    body: JSON.stringify(body),
  };
});
