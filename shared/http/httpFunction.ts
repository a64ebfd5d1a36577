import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authenticateCaller, type Caller, type ProtectedRoute } from '../auth/callerAuth';
import { getSettings, type Settings } from '../config/settings';
import { invocationLogger, type Logger } from '../logging/logger';
import { correlationFrom, type Correlation } from './correlation';
import { internalProblem, problemFor } from './problemMapping';
import { problemResponse } from './problemResponse';

export interface RequestScope extends Correlation {
  log: Logger;
  /** Reads the settings (once per process); a function, so a route that needs none never fails on them. */
  settings: () => Settings;
  /** Who called: checked before the handler runs (docs/deploy.md "Caller sign-in"). */
  caller: Caller;
}

export type ScopedHttpHandler = (request: HttpRequest, scope: RequestScope) => Promise<HttpResponseInit>;

/**
 * Correlation, the caller check, logging and the mapping of every failure to a problem response, for
 * every HTTP function. The route is required so that no function can be registered without its check.
 */
export function httpFunction(route: ProtectedRoute, handler: ScopedHttpHandler): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const correlation = correlationFrom(request.headers);
    const log = invocationLogger(context, correlation.correlationId);
    try {
      const caller = await authenticateCaller(request, route, getSettings, log);
      const response = await handler(request, { ...correlation, log, settings: getSettings, caller });
      const headers = new Headers(response.headers);
      headers.set('X-Correlation-Id', correlation.correlationId);
      return { ...response, headers: Object.fromEntries(headers) };
    } catch (error) {
      const problem = problemFor(error);
      const reason = problem.logReason ? ` (${problem.logReason})` : '';
      const message = `${request.method} ${new URL(request.url).pathname} answered ${problem.status}: ${problem.detail}${reason}`;
      if (problem.status >= 500) log.error(problem === internalProblem ? `${message}; ${describe(error)}` : message);
      else log.warn(message);
      return problemResponse(problem, correlation.correlationId);
    }
  };
}

/** The error's kind and first line: enough to find it, never a stack trace. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split('\n')[0] ?? ''}` : 'non-error thrown';
}
