import { listChangesQueryFrom, listChangesRoute, feedTenantFilter } from '../shared/api/routes/listChangesRoute';
import type { ChangeFeedPageBody } from '../shared/api/schemas/feedSchemas';
import { feedItemBody } from '../shared/feed/feedItemBody';
import { encodeFeedPosition } from '../shared/feed/feedPosition';
import { feedPositionAt, readFeed } from '../shared/feed/readFeed';
import { nextLink } from '../shared/http/nextLink';
import { registerRoute } from '../shared/http/registerRoute';
import { appSnapshotTables } from '../shared/storage/snapshotTables';

registerRoute(listChangesRoute, async (request, { query, settings }) => {
  const includesTenant = feedTenantFilter(query, settings());
  const { from, changeType, top } = listChangesQueryFrom(query);
  const tables = appSnapshotTables();
  const start = from === 'start' ? { sequence: 0 } : 'since' in from ? await feedPositionAt(tables.feed, from.since) : from;
  const page = await readFeed(tables, { from: start, includesTenant, changeType, top });
  const cursor = encodeFeedPosition(page.position);
  const link = page.more ? nextLink(request.url, { cursor }) : undefined;
  // The cursor replaces since in the next link: one place to start from.
  const next = link === undefined ? undefined : withoutParameter(link, 'since');
  const body: ChangeFeedPageBody = { value: page.items.map(feedItemBody), cursor, ...(next ? { nextLink: next } : {}) };
  return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, body: JSON.stringify(body) };
});

function withoutParameter(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete(name);
  return parsed.toString();
}
