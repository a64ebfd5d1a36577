import type { ChangeType } from '../snapshots/numberChange';
import { feedItemBody, type FeedItemBody } from '../feed/feedItemBody';
import type { FeedItem } from '../feed/readFeed';

/** A CloudEvents 1.0 event as @azure/eventgrid sends it (it adds `specversion`). */
export interface ChangeEvent {
  type: string;
  source: string;
  subject: string;
  id: string;
  time: Date;
  datacontenttype: 'application/json';
  data: FeedItemBody;
}

const eventTypes: Record<ChangeType, string> = {
  added: 'OcNumbers.NumberAdded',
  changed: 'OcNumbers.NumberChanged',
  released: 'OcNumbers.NumberReleased',
  reactivated: 'OcNumbers.NumberReactivated',
};

/**
 * `/oc-numbers/<host of PUBLIC_BASE_URL>`, else `/oc-numbers/<app name>` (App Service sets
 * WEBSITE_SITE_NAME), else `/oc-numbers/local`.
 */
export function eventSource(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['PUBLIC_BASE_URL']?.trim();
  let host: string | undefined;
  try {
    host = base ? new URL(base).host : undefined;
  } catch {
    host = undefined;
  }
  return `/oc-numbers/${host ?? (env['WEBSITE_SITE_NAME']?.trim() || 'local')}`;
}

/** The event of one change: its id is the change's id, so every redelivery carries the same one. */
export function changeEvent(item: FeedItem, source: string): ChangeEvent {
  const { change } = item;
  return {
    type: eventTypes[change.changeType],
    source,
    subject: `tenants/${change.msTenantId}/numbers/${change.telephoneNumber}`,
    id: item.changeId,
    time: change.detectedAt,
    datacontenttype: 'application/json',
    data: feedItemBody(item),
  };
}

/** Room kept under Event Grid's 1 MB per request for the envelope the SDK adds to each event. */
const perEventOverheadBytes = 200;
export const maxBatchBytes = 1024 * 1024 - 64 * 1024;

/** Splits events, in order, into publish requests within Event Grid's size limit. */
export function batchesOf<T extends { event: ChangeEvent }>(entries: readonly T[], limitBytes = maxBatchBytes): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let size = 2;
  for (const entry of entries) {
    const bytes = Buffer.byteLength(JSON.stringify(entry.event)) + perEventOverheadBytes;
    if (current.length > 0 && size + bytes > limitBytes) {
      batches.push(current);
      current = [];
      size = 2;
    }
    current.push(entry);
    size += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
