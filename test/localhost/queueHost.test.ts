import { randomUUID } from 'node:crypto';
import { QueueServiceClient } from '@azure/storage-queue';
import type { TriggerMetadata } from '@azure/functions';
import type { QueueHostOptions } from '../../localhost/hostConfig';
import type { HostLog } from '../../localhost/hostLog';
import { decodeMessage, QueueTrigger, queueServiceFor } from '../../localhost/queueHost';

// Real Azurite (started by the suite's globalSetup; its connection string is SnapshotStorage).
const service = (): QueueServiceClient => queueServiceFor('SnapshotStorage');
const logged: string[] = [];
const log: HostLog = {
  info: (message) => logged.push(message),
  warn: (message) => logged.push(message),
  error: (message) => logged.push(message),
  invocation: (_name, _id, _level, message) => logged.push(message),
};
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const options = (overrides: Partial<QueueHostOptions> = {}): QueueHostOptions => ({
  batchSize: 4,
  newBatchThreshold: 2,
  maxDequeueCount: 3,
  visibilityTimeoutMs: 0,
  maxPollingIntervalMs: 200,
  messageEncoding: 'base64',
  ...overrides,
});

interface Delivery {
  input: unknown;
  metadata: TriggerMetadata;
}

async function freshQueue() {
  const name = `local-host-${randomUUID().slice(0, 8)}`;
  const queue = service().getQueueClient(name);
  await queue.create();
  return { name, queue, poison: service().getQueueClient(`${name}-poison`) };
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}

const queued = async (queue: ReturnType<QueueServiceClient['getQueueClient']>) =>
  (await queue.exists()) ? ((await queue.getProperties()).approximateMessagesCount ?? 0) : 0;

describe('the built-in local host: queue trigger on Azurite', () => {
  let trigger: QueueTrigger | undefined;
  afterEach(async () => {
    await trigger?.stop();
    trigger = undefined;
  });

  it('decodes a base64 JSON message, passes it parsed with the trigger metadata, and deletes it after success', async () => {
    const { queue, poison } = await freshQueue();
    await queue.sendMessage(base64(JSON.stringify({ runId: 'r1', msTenantId: 't1' })));
    const deliveries: Delivery[] = [];
    trigger = new QueueTrigger({
      functionName: 'work',
      queue,
      poisonQueue: poison,
      options: options(),
      log,
      run: async (input, metadata) => (deliveries.push({ input, metadata }), true),
    });
    trigger.start();
    await until(() => deliveries.length === 1);
    await trigger.idle();
    expect(deliveries[0]).toMatchObject({
      input: { runId: 'r1', msTenantId: 't1' },
      metadata: { dequeueCount: 1, queueTrigger: '{"runId":"r1","msTenantId":"t1"}' },
    });
    expect(await queued(queue)).toBe(0);
    expect(await poison.exists()).toBe(false);
  });

  it('passes a message that is not JSON as text, with messageEncoding none', async () => {
    const { queue, poison } = await freshQueue();
    await queue.sendMessage('plain words');
    const inputs: unknown[] = [];
    trigger = new QueueTrigger({
      functionName: 'work',
      queue,
      poisonQueue: poison,
      options: options({ messageEncoding: 'none' }),
      log,
      run: async (input) => (inputs.push(input), true),
    });
    trigger.start();
    await until(() => inputs.length === 1);
    expect(inputs).toEqual(['plain words']);
  });

  it('retries a failing message after visibilityTimeout and moves it to <queue>-poison after maxDequeueCount deliveries', async () => {
    const { name, queue, poison } = await freshQueue();
    await queue.sendMessage(base64('{"fails":true}'));
    const counts: unknown[] = [];
    trigger = new QueueTrigger({
      functionName: 'work',
      queue,
      poisonQueue: poison,
      options: options({ maxDequeueCount: 3 }),
      log,
      run: async (_input, metadata) => (counts.push(metadata['dequeueCount']), false),
    });
    trigger.start();
    await until(async () => (await queued(poison)) === 1);
    await trigger.idle();
    expect(counts).toEqual([1, 2, 3]);
    expect(await queued(queue)).toBe(0);
    const [moved] = (await poison.receiveMessages()).receivedMessageItems;
    expect(moved?.messageText).toBe(base64('{"fails":true}'));
    expect(logged).toContainEqual(expect.stringContaining(`has reached MaxDequeueCount of 3; moving it to queue '${name}-poison'`));
  });

  it('counts a message that is not valid base64 as a failed delivery, up to the poison queue, without running the function', async () => {
    const { queue, poison } = await freshQueue();
    await queue.sendMessage('not base64!');
    let runs = 0;
    trigger = new QueueTrigger({
      functionName: 'work',
      queue,
      poisonQueue: poison,
      options: options({ maxDequeueCount: 2 }),
      log,
      run: async () => (runs++, true),
    });
    trigger.start();
    await until(async () => (await queued(poison)) === 1);
    expect(runs).toBe(0);
    expect(() => decodeMessage('not base64!', 'base64')).toThrow(/not valid base64/);
  });

  it('moves a message already delivered more than maxDequeueCount times to the poison queue without running it', async () => {
    const { queue, poison } = await freshQueue();
    await queue.sendMessage(base64('{}'));
    // Two deliveries that never completed (a host that stopped mid-way), each visible again after 1 s.
    for (let delivery = 0; delivery < 2; delivery++) {
      await until(async () => (await queue.receiveMessages({ visibilityTimeout: 1 })).receivedMessageItems.length === 1);
    }
    let runs = 0;
    trigger = new QueueTrigger({
      functionName: 'work',
      queue,
      poisonQueue: poison,
      options: options({ maxDequeueCount: 1 }),
      log,
      run: async () => (runs++, true),
    });
    trigger.start();
    await until(async () => (await queued(poison)) === 1);
    expect(runs).toBe(0);
    expect(await queued(queue)).toBe(0);
  });

  it('takes batchSize messages at a time and a new batch only when no more than newBatchThreshold are in hand', async () => {
    const { queue, poison } = await freshQueue();
    for (let index = 0; index < 7; index++) await queue.sendMessage(base64(JSON.stringify({ index })));
    let running = 0;
    let mostAtOnce = 0;
    const done: number[] = [];
    trigger = new QueueTrigger({
      functionName: 'work',
      queue,
      poisonQueue: poison,
      options: options({ batchSize: 2, newBatchThreshold: 0 }),
      log,
      run: async (input) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 100));
        running--;
        done.push((input as { index: number }).index);
        return true;
      },
    });
    trigger.start();
    await until(() => done.length === 7);
    expect(mostAtOnce).toBe(2);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('waits for a queue that does not exist yet', async () => {
    const name = `local-host-${randomUUID().slice(0, 8)}`;
    const queue = service().getQueueClient(name);
    const inputs: unknown[] = [];
    trigger = new QueueTrigger({
      functionName: 'work',
      queue,
      poisonQueue: service().getQueueClient(`${name}-poison`),
      options: options(),
      log,
      run: async (input) => (inputs.push(input), true),
    });
    trigger.start();
    await until(() => logged.some((line) => line.includes(`queue ${name} does not exist yet`)));
    await queue.create();
    await queue.sendMessage(base64('"late"'));
    await until(() => inputs.length === 1);
    expect(inputs).toEqual(['late']);
  });
});
