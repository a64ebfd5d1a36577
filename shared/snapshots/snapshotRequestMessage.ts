import { encodeQueueMessage } from '../storage/snapshotQueue';
import { recordValidator } from '../validation/validators';

/** What the scheduler and requestTenantSnapshot put on `oc-snapshot-requests`, one per tenant. */
export interface SnapshotRequestMessage {
  runId: string;
  msTenantId: string;
  channelId: number | null;
  /** Lifts the mass-removal guard (requestTenantSnapshot?force=true). */
  force?: boolean;
  requestedAt: string;
  /** The requester's correlation id, so the worker's log lines join the request's. */
  correlationId?: string;
}

/** Not a message this app enqueued; retrying cannot help, so after the host's retries it lands in the poison queue. */
export class InvalidSnapshotMessageError extends Error {
  constructor(detail: string) {
    super(`Unreadable snapshot request message: ${detail}`);
    this.name = 'InvalidSnapshotMessageError';
  }
}

const validate = recordValidator<SnapshotRequestMessage>('snapshotRequestMessage');

export function encodeSnapshotMessage(message: SnapshotRequestMessage): string {
  return encodeQueueMessage(JSON.stringify(message));
}

/** The host hands over the decoded message, already JSON-parsed when it was JSON. */
export function parseSnapshotMessage(queueItem: unknown): SnapshotRequestMessage {
  let value = queueItem;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw new InvalidSnapshotMessageError('not JSON');
    }
  }
  if (!validate(value))
    throw new InvalidSnapshotMessageError(validate.errors?.map((e) => `${e.instancePath || '(message)'} ${e.message ?? ''}`).join('; ') ?? 'invalid');
  return { ...value, msTenantId: value.msTenantId.toLowerCase() };
}
