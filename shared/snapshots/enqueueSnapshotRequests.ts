import type { QueueClient } from '@azure/storage-queue';
import { runWithConcurrency } from '../storage/runWithConcurrency';
import { ensureQueue } from '../storage/snapshotQueue';
import { storageDomainError } from '../storage/storageErrors';
import { encodeSnapshotMessage, type SnapshotRequestMessage } from './snapshotRequestMessage';

export interface DelayedMessage {
  message: SnapshotRequestMessage;
  /** Seconds before the message becomes visible to the queue trigger. */
  delaySeconds: number;
}

const sendsInFlight = 16;

export async function enqueueSnapshotRequests(queue: QueueClient, messages: readonly DelayedMessage[]): Promise<void> {
  try {
    await ensureQueue(queue);
    await runWithConcurrency(messages, sendsInFlight, async ({ message, delaySeconds }) => {
      await queue.sendMessage(encodeSnapshotMessage(message), { visibilityTimeout: delaySeconds });
    });
  } catch (error) {
    // The queue client has no policy of ours (storageDeadline.ts): its outages become the domain error here.
    throw storageDomainError(error);
  }
}
