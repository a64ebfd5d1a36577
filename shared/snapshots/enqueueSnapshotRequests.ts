import type { QueueClient } from '@azure/storage-queue';
import { runWithConcurrency } from '../storage/runWithConcurrency';
import { ensureQueue } from '../storage/snapshotQueue';
import { encodeSnapshotMessage, type SnapshotRequestMessage } from './snapshotRequestMessage';

export interface DelayedMessage {
  message: SnapshotRequestMessage;
  /** Seconds before the message becomes visible to the queue trigger. */
  delaySeconds: number;
}

const sendsInFlight = 16;

export async function enqueueSnapshotRequests(queue: QueueClient, messages: readonly DelayedMessage[]): Promise<void> {
  await ensureQueue(queue);
  await runWithConcurrency(messages, sendsInFlight, async ({ message, delaySeconds }) => {
    await queue.sendMessage(encodeSnapshotMessage(message), { visibilityTimeout: delaySeconds });
  });
}
