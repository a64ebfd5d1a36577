import { ApiError } from '../http/apiError';

/** Each upstream failure the contract maps to an answer (DESIGN.md, "Upstream failures"). */
export function credentialsRejected(upstreamStatus: number): ApiError {
  return new ApiError(502, 'upstream-credentials-rejected', 'Live Platform rejected the credentials',
    "The Live Platform rejected the app's credentials.", { logReason: `upstream answered ${upstreamStatus}` });
}

export function upstreamNotFound(msTenantId: string): ApiError {
  return new ApiError(404, 'tenant-not-found', 'Tenant not found',
    `The Live Platform has no Operator Connect customer ${msTenantId} on this channel.`, { logReason: 'upstream answered 404' });
}

export function upstreamThrottled(retryAfterSeconds: number, reason: string): ApiError {
  return new ApiError(503, 'upstream-throttled', 'Live Platform rate limit reached',
    'The Live Platform rate limit is reached; retry later.', { retryAfterSeconds, logReason: reason });
}

export function upstreamUnavailable(reason: string): ApiError {
  return new ApiError(502, 'upstream-unavailable', 'Live Platform unavailable',
    'The Live Platform did not answer successfully.', { logReason: reason });
}

export function upstreamTimeout(timeoutMs: number): ApiError {
  return new ApiError(504, 'upstream-timeout', 'Live Platform timeout',
    `The Live Platform did not answer within ${timeoutMs} ms.`, { logReason: 'deadline reached' });
}

export function upstreamBadResponse(reason: string): ApiError {
  return new ApiError(502, 'upstream-bad-response', 'Unusable Live Platform response',
    'The Live Platform answered with a response the app cannot use.', { logReason: reason });
}
