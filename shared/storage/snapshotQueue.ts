import type { QueueClient } from '@azure/storage-queue';
import { snapshotStorageConnection } from '../config/settingNames';
import { createOnce } from './createOnce';
import { perConnection, queueClientFor } from './snapshotStorage';

/**
 * The snapshot queue as the host sees it. `maxDequeueCount` and `messageEncoding` repeat host.json's
 * `extensions.queues` (a test keeps them equal): the worker must know which delivery is the last,
 * and must encode what it enqueues the way the trigger decodes it.
 */
export const snapshotQueue = {
  name: 'oc-snapshot-requests',
  connection: snapshotStorageConnection,
  maxDequeueCount: 5,
  messageEncoding: 'base64',
} as const;

export function encodeQueueMessage(text: string): string {
  return snapshotQueue.messageEncoding === 'base64' ? Buffer.from(text, 'utf8').toString('base64') : text;
}

/** The app's snapshot queue from the `SnapshotStorage` connection, reused while that setting stays the same. */
export const appSnapshotQueue = perConnection((connection): QueueClient => queueClientFor(connection, snapshotQueue.name));

/** Creates the queue on first use, once per process and queue URL. */
export async function ensureQueue(queue: QueueClient): Promise<void> {
  await createOnce(queue.url, () => queue.createIfNotExists());
}
