import type { TableClient } from '@azure/data-tables';
import { odata } from '../storage/odata';
import { isNotFound } from '../storage/storageErrors';
import { fromChangeEntity } from '../snapshots/changeEntity';
import { changePrefix, type ChangeType, type NumberChange } from '../snapshots/numberChange';
import { readFeedHead } from './commitToFeed';
import { commitRowKey, commitRowKeyEnd, feedPartition, type FeedCommitEntity } from './feedRows';
import type { FeedPosition } from './feedPosition';

export interface FeedTables {
  feed: TableClient;
  changes: TableClient;
}

export interface FeedQuery {
  from: FeedPosition;
  /** Tenants the caller may see (ALLOWED_TENANTS) and asked for; anything else is passed over. */
  includesTenant: (msTenantId: string) => boolean;
  changeType?: ChangeType | undefined;
  top: number;
}

/** One change in the feed; `changeId` is the same wherever and whenever it is read or published. */
export interface FeedItem {
  changeId: string;
  sequence: number;
  change: NumberChange;
}

export interface FeedPage {
  items: FeedItem[];
  /** Resumes right after the last item, or at the head read first when the reader caught up. */
  position: FeedPosition;
  /** More items were ready when this page was read. */
  more: boolean;
}

/** The change row's own keys, so the same change has the same id in the feed, the API and the events. */
export const changeIdOf = (msTenantId: string, changeRowKey: string) => `${msTenantId}-${changeRowKey}`;

/**
 * Reads the feed from a position, oldest commit first and, within a commit, in number order.
 * The head is read first: every commit up to it is visible (a commit row is written in the same
 * transaction as the head that names it), so reading (from, head] misses nothing and a reader
 * that caught up can safely resume at the head. Only commit rows are scanned for the other
 * tenants; a commit's change rows are read only for a tenant and change type the caller wants.
 */
export async function readFeed(tables: FeedTables, query: FeedQuery): Promise<FeedPage> {
  const head = await readHeadOrZero(tables.feed);
  const items: FeedItem[] = [];
  const wanted = query.top + 1;
  // A position past the head (the feed table was emptied, say) starts again at the head.
  if (query.from.sequence > head) return { items, position: { sequence: head }, more: false };
  if (query.from.sequence === head && query.from.after === undefined) return { items, position: query.from, more: false };

  const first = query.from.after === undefined ? query.from.sequence + 1 : query.from.sequence;
  const commits = tables.feed.listEntities<FeedCommitEntity>({
    queryOptions: {
      filter: odata`PartitionKey eq ${feedPartition} and RowKey ge ${commitRowKey(first)} and RowKey le ${commitRowKey(head)} and RowKey lt ${commitRowKeyEnd}`,
    },
  });
  for await (const commit of commits) {
    if (!query.includesTenant(commit.msTenantId)) continue;
    if (query.changeType && commit[query.changeType] === 0) continue;
    const after = commit.sequence === query.from.sequence ? query.from.after : undefined;
    for await (const change of changesOf(tables.changes, commit, after, query.changeType)) {
      items.push({ changeId: changeIdOf(commit.msTenantId, change.rowKey), sequence: commit.sequence, change: change.change });
      if (items.length === wanted) {
        items.pop();
        const last = items.at(-1);
        return { items, position: last ? { sequence: last.sequence, after: last.change.telephoneNumber } : query.from, more: true };
      }
    }
  }
  return { items, position: { sequence: head }, more: false };
}

async function* changesOf(changes: TableClient, commit: FeedCommitEntity, after: string | undefined, changeType: ChangeType | undefined) {
  const prefix = changePrefix(commit.detectedAt, commit.runId);
  // The prefix ends in '-'; '.' is the next character, so [prefix, end) is exactly that tenant-run.
  const end = `${prefix.slice(0, -1)}.`;
  const parts = [
    odata`PartitionKey eq ${commit.msTenantId}`,
    after === undefined ? odata`RowKey ge ${prefix}` : odata`RowKey gt ${prefix + after}`,
    odata`RowKey lt ${end}`,
  ];
  if (changeType) parts.push(odata`changeType eq ${changeType}`);
  for await (const row of changes.listEntities<Record<string, unknown>>({ queryOptions: { filter: parts.join(' and ') } })) {
    yield { rowKey: row.rowKey as string, change: fromChangeEntity(row) };
  }
}

async function readHeadOrZero(feed: TableClient): Promise<number> {
  try {
    return (await readFeedHead(feed)).sequence;
  } catch (error) {
    // No snapshot has committed anything yet, so the table does not exist: an empty feed.
    if (isNotFound(error)) return 0;
    throw error;
  }
}

/** The current head as a position: where a new reader (or trigger) starts to see only what comes next. */
export async function feedHead(feed: TableClient): Promise<FeedPosition> {
  return { sequence: await readHeadOrZero(feed) };
}

/**
 * Where `since` starts: just before the first commit whose committedAt is at or after it. Commits
 * are numbered in the order they happened, so committedAt rises with the sequence (up to the clock
 * skew between instances): a binary search of point reads, not a scan.
 */
export async function feedPositionAt(feed: TableClient, since: Date): Promise<FeedPosition> {
  const head = await readHeadOrZero(feed);
  let low = 1;
  let high = head + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const committedAt = await commitTime(feed, middle);
    // A commit deleted by retention is older than anything kept.
    if (committedAt === undefined || committedAt.getTime() < since.getTime()) low = middle + 1;
    else high = middle;
  }
  return { sequence: low - 1 };
}

async function commitTime(feed: TableClient, sequence: number): Promise<Date | undefined> {
  try {
    return (await feed.getEntity<FeedCommitEntity>(feedPartition, commitRowKey(sequence))).committedAt;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
