import type { TriggerMetadata } from '@azure/functions';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { QueueServiceClient, type DequeuedMessageItem, type QueueClient } from '@azure/storage-queue';
import type { QueueHostOptions } from './hostConfig';
import type { HostLog } from './hostLog';

/**
 * The storage queue trigger as the host runs it (docs: Azure Queue storage trigger, "Poison
 * messages" and "Concurrency"): batches of `batchSize`, a new batch when no more than
 * `newBatchThreshold` messages are still being processed, polling that backs off up to
 * `maxPollingInterval` while the queue is empty, a failed message visible again after
 * `visibilityTimeout`, and a message that failed `maxDequeueCount` times moved to `<queue>-poison`.
 */
export interface QueueTriggerOptions {
  functionName: string;
  queue: QueueClient;
  poisonQueue: QueueClient;
  options: QueueHostOptions;
  log: HostLog;
  /** Runs the function with the decoded message; true when it succeeded. */
  run(input: unknown, triggerMetadata: TriggerMetadata): Promise<boolean>;
  /** How long a message being processed stays invisible; renewed at half that while the function runs. */
  processingVisibilityMs?: number;
  /** The first polling delay on an empty queue (the host's is 100 ms), doubled up to maxPollingInterval. */
  minPollingIntervalMs?: number;
}

/** Decodes a message as the host does for its messageEncoding: base64 must be valid base64 (else the message fails). */
export function decodeMessage(text: string, encoding: QueueHostOptions['messageEncoding']): string {
  if (encoding === 'none') return text;
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0)
    throw new Error('the message is not valid base64, which host.json messageEncoding "base64" requires');
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** A JSON message reaches a Node function as the parsed value; any other text as a string. */
export function messageInput(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}

export class QueueTrigger {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private slotFreed: (() => void) | undefined;

  constructor(private readonly config: QueueTriggerOptions) {}

  start(): void {
    this.loop = this.poll();
  }

  /** Stops fetching and waits for the messages in hand; a message cut short reappears after its visibility timeout. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.slotFreed?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Resolves once no message is in hand (tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async poll(): Promise<void> {
    const { options, queue, log, functionName } = this.config;
    const minDelay = this.config.minPollingIntervalMs ?? 100;
    let delay = minDelay;
    let reportedMissing = false;
    while (!this.abort.signal.aborted) {
      if (this.inFlight.size > options.newBatchThreshold) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve));
        continue;
      }
      let messages: DequeuedMessageItem[] = [];
      try {
        const visibility = Math.ceil((this.config.processingVisibilityMs ?? 600_000) / 1000);
        messages = (await queue.receiveMessages({ numberOfMessages: options.batchSize, visibilityTimeout: visibility, abortSignal: this.abort.signal }))
          .receivedMessageItems;
        reportedMissing = false;
      } catch (error) {
        if (this.abort.signal.aborted) break;
        if (isNotFound(error)) {
          // The host waits for a queue that does not exist yet; the app creates it on first use.
          if (!reportedMissing) log.info(`${functionName}: queue ${queue.name} does not exist yet; waiting for it`);
          reportedMissing = true;
        } else {
          log.warn(`${functionName}: reading queue ${queue.name} failed (${error instanceof Error ? error.message : String(error)}); retrying`);
        }
      }
      if (messages.length === 0) {
        await sleep(delay, this.abort.signal);
        delay = Math.min(delay * 2, options.maxPollingIntervalMs);
        continue;
      }
      delay = minDelay;
      for (const message of messages) {
        const work = this.process(message).finally(() => {
          this.inFlight.delete(work);
          this.slotFreed?.();
        });
        this.inFlight.add(work);
      }
    }
  }

  private async process(message: DequeuedMessageItem): Promise<void> {
    const { options, queue, log, functionName } = this.config;
    // A message already delivered more often than allowed (a host stopped mid-way) is not run again.
    if (message.dequeueCount > options.maxDequeueCount) {
      await this.moveToPoison(message, message.popReceipt);
      return;
    }
    let popReceipt = message.popReceipt;
    const visibilityMs = this.config.processingVisibilityMs ?? 600_000;
    const renewal = setInterval(() => {
      queue
        .updateMessage(message.messageId, popReceipt, message.messageText, Math.ceil(visibilityMs / 1000))
        .then((renewed) => {
          if (renewed.popReceipt) popReceipt = renewed.popReceipt;
        })
        .catch((error: unknown) =>
          log.warn(
            `${functionName}: could not extend the invisibility of message ${message.messageId}: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
    }, visibilityMs / 2);
    let succeeded = false;
    try {
      let input: unknown;
      let text: string | undefined;
      try {
        text = decodeMessage(message.messageText, options.messageEncoding);
        input = messageInput(text);
      } catch (error) {
        log.error(
          `${functionName}: message ${message.messageId} (delivery ${message.dequeueCount}): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (text !== undefined) {
        succeeded = await this.config.run(input, {
          id: message.messageId,
          queueTrigger: text,
          dequeueCount: message.dequeueCount,
          insertionTime: message.insertedOn.toISOString(),
          expirationTime: message.expiresOn.toISOString(),
          nextVisibleTime: message.nextVisibleOn.toISOString(),
          popReceipt: message.popReceipt,
        });
      }
    } finally {
      clearInterval(renewal);
    }
    try {
      if (succeeded) await queue.deleteMessage(message.messageId, popReceipt);
      else if (message.dequeueCount >= options.maxDequeueCount) await this.moveToPoison(message, popReceipt);
      else await queue.updateMessage(message.messageId, popReceipt, message.messageText, Math.round(options.visibilityTimeoutMs / 1000));
    } catch (error) {
      // The message reappears when its processing invisibility ends, as after a host crash.
      log.warn(`${functionName}: could not complete message ${message.messageId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async moveToPoison(message: DequeuedMessageItem, popReceipt: string): Promise<void> {
    const { poisonQueue, queue, log, functionName, options } = this.config;
    log.warn(
      `${functionName}: message ${message.messageId} has reached MaxDequeueCount of ${options.maxDequeueCount}; moving it to queue '${poisonQueue.name}'`,
    );
    await poisonQueue.createIfNotExists();
    await poisonQueue.sendMessage(message.messageText);
    await queue.deleteMessage(message.messageId, popReceipt);
  }
}

/** The queue client for a binding's `connection`: a connection string, or `<name>__queueServiceUri` with an Azure credential, as the host reads it. */
export function queueServiceFor(connection: string, env: NodeJS.ProcessEnv = process.env): QueueServiceClient {
  const name = connection || 'AzureWebJobsStorage';
  const connectionString = env[name] || env[`AzureWebJobs${name}`];
  if (connectionString) return QueueServiceClient.fromConnectionString(connectionString);
  const serviceUri = env[`${name}__queueServiceUri`] || env[`${name}__serviceUri`];
  if (!serviceUri) throw new Error(`the queue trigger's connection ${name} is not set (neither ${name} nor ${name}__queueServiceUri)`);
  const clientId = env[`${name}__clientId`];
  const credential =
    env[`${name}__credential`]?.toLowerCase() === 'managedidentity'
      ? clientId
        ? new ManagedIdentityCredential({ clientId })
        : new ManagedIdentityCredential()
      : new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {});
  return new QueueServiceClient(serviceUri, credential);
}
