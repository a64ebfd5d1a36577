import { app, type HttpHandler, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { hostAuthLevel } from '../auth/callerAuth';
import { httpFunction, type RequestScope } from './httpFunction';
import type { ParsedQuery, QuerySpec } from './queryParameters';
import { queryParser } from './queryParser';

/** What the host needs to register an HTTP function, and the query it validates (shared/api's ApiRoute is one). */
export interface RouteEntry {
  name: string;
  method: 'GET' | 'POST';
  route: string;
  authLevel: 'anonymous' | 'function';
  query: QuerySpec;
}

export interface RouteScope extends RequestScope {
  /** The query, parsed and validated against the route's spec; the function key `code` is left out. */
  query: ParsedQuery;
}

export type RouteHandler = (request: HttpRequest, scope: RouteScope) => HttpResponseInit | Promise<HttpResponseInit>;

/**
 * Registers an HTTP function from its catalog entry. The handler runs only for a caller the route
 * admits (httpFunction checks it first, docs/deploy.md "Caller sign-in") and a query its route
 * accepts (anything else is a 400 problem before it is called), inside httpFunction's correlation,
 * logging and problem mapping. The host registers the route `anonymous` in CALLER_AUTH=entra mode,
 * where the app checks the token itself. The route's validator is looked up now, so a missing one fails the
 * worker start rather than the first request.
 */
export function registerRoute(entry: RouteEntry, handler: RouteHandler): HttpHandler {
  const query = queryParser(entry);
  const registered = httpFunction(entry, async (request, scope) => await handler(request, { ...scope, query: query.parse(request.query) }));
  app.http(entry.name, { methods: [entry.method], authLevel: hostAuthLevel(entry), route: entry.route, handler: registered });
  return registered;
}
