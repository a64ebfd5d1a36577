import type { TableServiceClientOptions } from '@azure/data-tables';
import { getSettings } from '../config/settings';
import { storageDomainError } from './storageErrors';

type AdditionalPolicyConfig = NonNullable<TableServiceClientOptions['additionalPolicies']>[number];
type PipelinePolicy = AdditionalPolicyConfig['policy'];

/**
 * How long the app waits for Table and Queue Storage. Without bounds the SDK retries a refused
 * connection for ~5 s and waits on storage that accepts connections but never answers for as long
 * as the socket lives; a caller then waits with it. With them, a read (what a caller of the HTTP
 * API waits on) ends within the deadline the Live Platform gets, LIVE_PLATFORM_TIMEOUT_MS (15 s by
 * default), retries included, and the caller gets a 503 naming storage. A write gets the service's
 * own 30 s per attempt and 90 s in all: a transaction of 100 entities on a busy account can take
 * seconds, and the snapshot worker that writes them has no caller waiting.
 */
export function storageReadDeadlineMs(): number {
  try {
    return getSettings().timeoutMs;
  } catch {
    // Settings the storage routes do not need may be broken; the default deadline still holds.
    return defaultReadDeadlineMs;
  }
}
const defaultReadDeadlineMs = 15_000;
export const storageWriteDeadlineMs = 90_000;
export const storageWriteTryTimeoutMs = 30_000;

export const storageRetryOptions = { maxRetries: 2, retryDelayInMs: 250, maxRetryDelayInMs: 1_000 } as const;

const isRead = (method: string) => method === 'GET' || method === 'HEAD';

/** Bounds every attempt (`timeout`, which the HTTP client enforces per attempt). A hung attempt is given up, not retried. */
const tryTimeout: PipelinePolicy = {
  name: 'ocNumbersStorageTryTimeout',
  sendRequest: (request, next) => {
    const bound = isRead(request.method) ? storageReadDeadlineMs() : storageWriteTryTimeoutMs;
    if (!request.timeout || request.timeout > bound) request.timeout = bound;
    return next(request);
  },
};

/** Bounds the whole call, retries and their delays included. */
const callDeadline: PipelinePolicy = {
  name: 'ocNumbersStorageCallDeadline',
  sendRequest: async (request, next) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), isRead(request.method) ? storageReadDeadlineMs() : storageWriteDeadlineMs);
    const callers = request.abortSignal;
    const follow = () => controller.abort();
    if (callers?.aborted) controller.abort();
    callers?.addEventListener('abort', follow);
    request.abortSignal = controller.signal;
    try {
      return await next(request);
    } finally {
      clearTimeout(timer);
      callers?.removeEventListener('abort', follow);
    }
  },
};

/**
 * Outermost: an outage, once the SDK's retries and the deadline above are spent, leaves the table
 * client as StorageUnavailableError, the domain error HTTP maps to 503; 404, 409 and 412 stay the
 * SDK's, for the code that expects them.
 */
const outageAsDomainError: PipelinePolicy = {
  name: 'ocNumbersStorageOutage',
  sendRequest: async (request, next) => {
    try {
      return await next(request);
    } catch (error) {
      throw storageDomainError(error);
    }
  },
};

export const storageDeadlinePolicies: AdditionalPolicyConfig[] = [
  { policy: outageAsDomainError, position: 'perCall' },
  { policy: callDeadline, position: 'perCall' },
  { policy: tryTimeout, position: 'perRetry' },
];

/** The Queue SDK has its own retry policy, which also retries a timed-out attempt: two attempts of 10 s. */
export const queueRetryOptions = {
  maxTries: 2,
  tryTimeoutInMs: 10_000,
  retryDelayInMs: storageRetryOptions.retryDelayInMs,
  maxRetryDelayInMs: storageRetryOptions.maxRetryDelayInMs,
} as const;
