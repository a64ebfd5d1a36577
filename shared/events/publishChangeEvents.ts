import type { TableClient } from '@azure/data-tables';
import type { Logger } from '../logging/logger';
import { readFeedHead } from '../feed/commitToFeed';
import { feedPartition } from '../feed/feedRows';
import type { FeedPosition } from '../feed/feedPosition';
import { readFeed, type FeedTables } from '../feed/readFeed';
import { StorageUnavailableError } from '../errors/storageErrors';
import { isConflict, isNotFound, isPreconditionFailed, storageStatus } from '../storage/storageErrors';
import { storedProperties } from '../storage/storedEntity';
import { batchesOf, changeEvent, type ChangeEvent } from './changeEvents';

/**
 * Change events, published from the change feed as an outbox. The feed holds only committed
 * changes, so an event never goes out before its change is committed. A cursor row in ocChangeFeed
 * (`feed` / `events`) says how far publishing got; it moves only after Event Grid accepted a batch,
 * so after a crash or a failed publish the next attempt sends again what was not confirmed, with
 * the same ids (the change ids). One publisher at a time holds the cursor row's short lease (ETag);
 * another finds it busy and leaves the work to it: the holder looks at the feed's head again after
 * letting go, so a commit made while it worked is not left behind.
 */

export type SendEvents = (events: ChangeEvent[]) => Promise<void>;

export interface EventPublisher {
  send: SendEvents;
  source: string;
  includesTenant: (msTenantId: string) => boolean;
}

export interface PublishReport {
  /** Events Event Grid accepted in this call. */
  published: number;
  /** Another publisher held the cursor. */
  busy: boolean;
  /** Why publishing stopped early; the changes stay queued for the next attempt. */
  error?: string;
}

export const eventsRowKey = 'events';

export type EventsCursorEntity = {
  partitionKey: typeof feedPartition;
  rowKey: typeof eventsRowKey;
  kind: 'eventsCursor';
  sequence: number;
  after?: string;
  leaseOwner?: string;
  leaseUntil?: Date;
  /** Events accepted since publishing began. */
  publishedTotal?: number;
  lastPublishedAt?: Date;
  lastAttemptAt?: Date;
  /** The last attempt's failure, cleared by the next success; never a token or a response body. */
  lastError?: string;
  lastErrorAt?: Date;
};

interface Options {
  owner: string;
  log: Logger;
  leaseMs?: number;
  /** Stop after about this long and leave the rest to the next run. */
  budgetMs?: number;
  pageSize?: number;
}

type Stored = { entity: EventsCursorEntity; etag: string } | undefined;

export async function readEventsCursor(feed: TableClient): Promise<Stored> {
  try {
    const entity = await feed.getEntity<EventsCursorEntity>(feedPartition, eventsRowKey);
    return { entity: storedProperties<EventsCursorEntity>(entity), etag: entity.etag };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

class CursorLost extends Error {}

export async function publishChangeEvents(tables: FeedTables, publisher: EventPublisher, options: Options): Promise<PublishReport> {
  const leaseMs = options.leaseMs ?? 60_000;
  const deadline = Date.now() + (options.budgetMs ?? 30_000);
  const report: PublishReport = { published: 0, busy: false };
  // Caught up and healthy (the usual case after a run without changes): two point reads, no write.
  const [current, head] = await Promise.all([readEventsCursor(tables.feed), readFeedHead(tables.feed)]);
  if (current && current.entity.after === undefined && current.entity.sequence >= head.sequence && current.entity.lastError === undefined) return report;
  let cursor = await claim(tables.feed, options.owner, leaseMs);
  if (!cursor) return { ...report, busy: true };
  const write = async (entity: EventsCursorEntity) => {
    try {
      const response = await tables.feed.updateEntity(entity, 'Replace', { etag: cursor!.etag });
      cursor = { entity, etag: response.etag ?? '' };
    } catch (error) {
      if (isPreconditionFailed(error)) throw new CursorLost('another publisher took the events cursor over');
      throw error;
    }
  };
  try {
    for (;;) {
      const from: FeedPosition =
        cursor.entity.after === undefined ? { sequence: cursor.entity.sequence } : { sequence: cursor.entity.sequence, after: cursor.entity.after };
      const page = await readFeed(tables, { from, includesTenant: publisher.includesTenant, top: options.pageSize ?? 500 });
      const entries = page.items.map((item) => ({ item, event: changeEvent(item, publisher.source) }));
      for (const batch of batchesOf(entries)) {
        const attemptAt = new Date();
        try {
          await publisher.send(batch.map((entry) => entry.event));
        } catch (error) {
          const reason = publishFailure(error);
          options.log.warn(`Change events: publishing ${batch.length} event(s) failed (${reason}); a later run sends them again`);
          await write({ ...withoutLease(cursor.entity), lastAttemptAt: attemptAt, lastError: reason, lastErrorAt: attemptAt });
          return { ...report, error: reason };
        }
        const last = batch.at(-1)!.item;
        report.published += batch.length;
        const { lastError: _e, lastErrorAt: _at, ...rest } = cursor.entity;
        await write({
          ...rest,
          sequence: last.sequence,
          after: last.change.telephoneNumber,
          publishedTotal: (rest.publishedTotal ?? 0) + batch.length,
          lastPublishedAt: new Date(),
          lastAttemptAt: attemptAt,
          leaseUntil: new Date(Date.now() + leaseMs),
        });
      }
      if (page.more && Date.now() < deadline) continue;
      // Caught up (or out of time): the position read last, and the lease given back.
      const settled = page.more ? withoutLease(cursor.entity) : { ...withoutLease(cursor.entity), sequence: page.position.sequence };
      if (!page.more) delete settled.after;
      if (!page.more && page.items.length === 0) {
        const { lastError: _e, lastErrorAt: _at, ...clean } = settled;
        await write({ ...clean, lastAttemptAt: new Date() });
      } else await write(settled);
      if (page.more) return report;
      // A commit made while we held the lease was left to us: look at the head once more.
      const again = await readFeed(tables, { from: page.position, includesTenant: publisher.includesTenant, top: 1 });
      if (again.items.length === 0 || Date.now() >= deadline) return report;
      const reclaimed = await claim(tables.feed, options.owner, leaseMs);
      if (!reclaimed) return report;
      cursor = reclaimed;
    }
  } catch (error) {
    if (error instanceof CursorLost) return { ...report, busy: true };
    const reason = storageFailure(error);
    options.log.warn(`Change events: publishing stopped (${reason}); a later run goes on from where it got`);
    return { ...report, error: reason };
  }
}

function withoutLease(entity: EventsCursorEntity): EventsCursorEntity {
  const { leaseOwner: _owner, leaseUntil: _until, ...rest } = entity;
  return rest;
}

/** Takes the cursor row's lease, unless another publisher holds it. */
async function claim(feed: TableClient, owner: string, leaseMs: number): Promise<{ entity: EventsCursorEntity; etag: string } | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = await readEventsCursor(feed);
    const now = Date.now();
    if (stored?.entity.leaseOwner && stored.entity.leaseOwner !== owner && (stored.entity.leaseUntil?.getTime() ?? 0) > now) return undefined;
    const entity: EventsCursorEntity = {
      ...(stored?.entity ?? { partitionKey: feedPartition, rowKey: eventsRowKey, kind: 'eventsCursor', sequence: 0 }),
      leaseOwner: owner,
      leaseUntil: new Date(now + leaseMs),
    };
    try {
      const response = stored ? await feed.updateEntity(entity, 'Replace', { etag: stored.etag }) : await feed.createEntity(entity);
      return { entity, etag: response.etag ?? '' };
    } catch (error) {
      if (!isConflict(error) && !isPreconditionFailed(error)) throw error;
    }
  }
  return undefined;
}

/**
 * The events cursor or the feed could not be read or written. The storage clients raise an outage as
 * StorageUnavailableError, whose log reason is the SDK error's name, status and code (never a body).
 */
function storageFailure(error: unknown): string {
  if (error instanceof StorageUnavailableError) return `Table Storage unavailable (${error.logReason ?? 'no answer'})`;
  const status = storageStatus(error);
  return status === undefined ? `Table Storage unreachable (${error instanceof Error ? error.name : 'error'})` : `Table Storage answered ${status}`;
}

/** A short reason for the run row and healthDeep: the status and the service's error code, never a body or a token. */
export function publishFailure(error: unknown): string {
  if (error && typeof error === 'object') {
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : undefined;
    const code = 'code' in error && typeof error.code === 'string' && /^[A-Za-z_]{1,64}$/.test(error.code) ? error.code : undefined;
    const name = error instanceof Error ? error.name : 'Error';
    if (status !== undefined) return `Event Grid answered ${status}${code ? ` (${code})` : ''}`;
    if (name === 'CredentialUnavailableError' || name === 'AuthenticationError') return `no token for Event Grid (${name})`;
    if (code) return `${name} (${code})`;
    return name;
  }
  return 'failed';
}
