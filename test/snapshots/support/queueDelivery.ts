import { randomUUID } from 'node:crypto';
import { InvocationContext, type Timer } from '@azure/functions';
import type { SnapshotRequestMessage } from '../../../shared/snapshots/snapshotRequestMessage';
import { registeredHandler } from '../../support/loadFunctionApp';

type QueueHandler = (queueItem: unknown, context: InvocationContext) => Promise<void>;
type TimerHandler = (timer: Timer, context: InvocationContext) => Promise<void>;

function context(functionName: string, logs: string[], triggerMetadata: Record<string, unknown> = {}): InvocationContext {
  return new InvocationContext({
    functionName,
    invocationId: randomUUID(),
    triggerMetadata,
    logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(' ')}`),
  });
}

/** One delivery of a queue message to the registered snapshotTenant function, as the host makes it. */
export async function deliver(message: SnapshotRequestMessage | unknown, dequeueCount = 1): Promise<{ logs: string[] }> {
  const logs: string[] = [];
  await registeredHandler<QueueHandler>('snapshotTenant')(message, context('snapshotTenant', logs, { dequeueCount }));
  return { logs };
}

/** What the host decodes from a base64 queue message before handing it over (JSON is parsed). */
export function decodeQueueText(messageText: string): unknown {
  return JSON.parse(Buffer.from(messageText, 'base64').toString('utf8')) as unknown;
}

/** A timer firing of the registered snapshotScheduler for the schedule occurrence `next`. */
export async function fireScheduler(next: Date, isPastDue = false): Promise<{ logs: string[] }> {
  const logs: string[] = [];
  const timer: Timer = {
    isPastDue,
    schedule: { adjustForDST: true },
    scheduleStatus: { last: new Date(next.getTime() - 300_000).toISOString(), next: next.toISOString(), lastUpdated: new Date().toISOString() },
  };
  await registeredHandler<TimerHandler>('snapshotScheduler')(timer, context('snapshotScheduler', logs));
  return { logs };
}
