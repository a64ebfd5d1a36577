import type { TableServiceClientOptions } from '@azure/data-tables';

type AdditionalPolicyConfig = NonNullable<TableServiceClientOptions['additionalPolicies']>[number];
type PipelinePolicy = AdditionalPolicyConfig['policy'];

/**
 * How long the app waits for Table and Queue Storage. Without bounds the SDK retries a refused
 * connection for ~5 s and waits on storage that accepts connections but never answers for as long
 * as the socket lives; a caller then waits with it. With them, one storage call (retries included)
 * ends within the same 15 s the Live Platform gets (LIVE_PLATFORM_TIMEOUT_MS's default), and the
 * caller gets a 503 naming storage.
 */
export const storageCallDeadlineMs = 15_000;
/** One attempt: a hung attempt is given up (and not retried) after this. */
export const storageTryTimeoutMs = 8_000;

export const storageRetryOptions = { maxRetries: 2, retryDelayInMs: 250, maxRetryDelayInMs: 1_000 } as const;

/** Bounds every attempt (`timeout`, which the HTTP client enforces per attempt). */
const tryTimeout: PipelinePolicy = {
  name: 'ocNumbersStorageTryTimeout',
  sendRequest: (request, next) => {
    if (!request.timeout || request.timeout > storageTryTimeoutMs) request.timeout = storageTryTimeoutMs;
    return next(request);
  },
};

/** Bounds the whole call, retries and their delays included. */
const callDeadline: PipelinePolicy = {
  name: 'ocNumbersStorageCallDeadline',
  sendRequest: async (request, next) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), storageCallDeadlineMs);
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

export const storageDeadlinePolicies: AdditionalPolicyConfig[] = [
  { policy: callDeadline, position: 'perCall' },
  { policy: tryTimeout, position: 'perRetry' },
];

/** The Queue SDK has its own retry policy, which also retries a timed-out attempt: three of them fit the deadline. */
export const queueRetryOptions = {
  maxTries: storageRetryOptions.maxRetries + 1,
  tryTimeoutInMs: Math.floor(storageCallDeadlineMs / (storageRetryOptions.maxRetries + 1)) - storageRetryOptions.maxRetryDelayInMs,
  retryDelayInMs: storageRetryOptions.retryDelayInMs,
  maxRetryDelayInMs: storageRetryOptions.maxRetryDelayInMs,
} as const;
