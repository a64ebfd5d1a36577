import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { getSettings, type Settings } from '../config/settings';
import { SettingsError } from '../config/settingsError';
import { invocationLogger, type Logger } from '../logging/logger';
import { isStorageUnavailable } from '../storage/storageErrors';
import { ApiError } from './apiError';
import { correlationFrom, type Correlation } from './correlation';
import { problemResponse } from './problemResponse';

export interface RequestScope extends Correlation {
  log: Logger;
  settings(): Settings;
}

export type ScopedHttpHandler = (request: HttpRequest, scope: RequestScope) => Promise<HttpResponseInit>;

function configurationError(error: SettingsError): ApiError {
  return new ApiError(500, 'configuration-error', 'The app is misconfigured', error.message);
}

/** How long a caller is asked to wait when Table or Queue Storage does not answer. */
const storageRetryAfterSeconds = 30;

function storageUnavailable(error: unknown): ApiError {
  return new ApiError(503, 'storage-unavailable', 'Storage unavailable',
    "The app's Table or Queue Storage (SnapshotStorage) did not answer; try again later.",
    { retryAfterSeconds: storageRetryAfterSeconds, logReason: describe(error) });
}

const internalError = new ApiError(500, 'internal-error', 'Internal error', 'The request failed unexpectedly; quote the correlationId when reporting it.');

/** Correlation, logging and the mapping of every failure to a problem response, for every HTTP function. */
export function httpFunction(handler: ScopedHttpHandler): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const correlation = correlationFrom(request.headers);
    const log = invocationLogger(context, correlation.correlationId);
    try {
      const response = await handler(request, { ...correlation, log, settings: getSettings });
      const headers = new Headers(response.headers as ConstructorParameters<typeof Headers>[0]);
      headers.set('X-Correlation-Id', correlation.correlationId);
      return { ...response, headers: Object.fromEntries(headers) };
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error
        : error instanceof SettingsError ? configurationError(error)
        : isStorageUnavailable(error) ? storageUnavailable(error)
        : internalError;
      const reason = apiError.options.logReason ? ` (${apiError.options.logReason})` : '';
      const message = `${request.method} ${new URL(request.url).pathname} answered ${apiError.status}: ${apiError.detail}${reason}`;
      if (apiError.status >= 500) log.error(apiError === internalError ? `${message}; ${describe(error)}` : message);
      else log.warn(message);
      return problemResponse(apiError, correlation.correlationId);
    }
  };
}

/** The error's kind and first line: enough to find it, never a stack trace. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split('\n')[0] ?? ''}` : 'non-error thrown';
}
