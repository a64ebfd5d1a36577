import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { HttpRequest, HttpResponse, type Cookie } from '@azure/functions';
import type { RecordedBinding, RecordedFunction } from './functionsCore';
import { isAuthorized, presentedKey, type AuthLevel } from './functionKeys';
import type { HostLog } from './hostLog';
import { invokeFunction } from './invokeFunction';
import { byPrecedence, compileRoute, pathSegments, type CompiledRoute } from './routeTemplate';

export interface HttpRoute {
  fn: RecordedFunction;
  route: CompiledRoute;
  /** Upper-case; empty means every method. */
  methods: readonly string[];
  authLevel: AuthLevel;
}

/** Every HTTP-triggered function, as the host reads its binding: route (the name when absent), methods, authLevel. */
export function httpRoutes(functions: Iterable<RecordedFunction>): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const fn of functions) {
    const trigger = Object.values(fn.metadata.bindings).find((binding: RecordedBinding) => binding.type === 'httpTrigger' && binding.direction === 'in');
    if (!trigger) continue;
    const authLevel = String(trigger['authLevel'] ?? 'function').toLowerCase();
    if (authLevel !== 'anonymous' && authLevel !== 'function' && authLevel !== 'admin')
      throw new Error(`${fn.metadata.name}: authLevel ${authLevel} is not anonymous, function or admin`);
    const methods = Array.isArray(trigger['methods']) ? (trigger['methods'] as string[]).map((method) => method.toUpperCase()) : [];
    routes.push({ fn, route: compileRoute(typeof trigger['route'] === 'string' ? trigger['route'] : fn.metadata.name), methods, authLevel });
  }
  return routes.sort((a, b) => byPrecedence(a.route, b.route));
}

export interface RouteMatch {
  route: HttpRoute;
  params: Record<string, string>;
}

/** The function a request path and method reach, under the route prefix; undefined is a 404, as the host answers. */
export function matchRoute(routes: readonly HttpRoute[], routePrefix: string, pathname: string, method: string): RouteMatch | undefined {
  const segments = pathSegments(pathname);
  if (!segments) return undefined;
  const prefix = routePrefix === '' ? [] : routePrefix.split('/').map((segment) => segment.toLowerCase());
  if (!prefix.every((segment, index) => segments[index]?.toLowerCase() === segment)) return undefined;
  const rest = segments.slice(prefix.length);
  for (const route of routes) {
    if (route.methods.length > 0 && !route.methods.includes(method.toUpperCase())) continue;
    const params = route.route.match(rest);
    if (params) return { route, params };
  }
  return undefined;
}

export interface HttpHostOptions {
  routes: readonly HttpRoute[];
  routePrefix: string;
  functionKey: string;
  log: HostLog;
  /** local.settings.json `Host.CORS`. */
  corsOrigins?: readonly string[];
  functionTimeoutMs?: number;
}

/** The browser origin to allow, as Core Tools apply `Host.CORS`; undefined when none applies. */
export function allowedOrigin(origin: string | undefined, corsOrigins: readonly string[]): string | undefined {
  if (!origin) return undefined;
  if (corsOrigins.includes('*')) return '*';
  return corsOrigins.some((allowed) => allowed.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
}

function headerRecord(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function cookieHeader(cookie: Cookie): string {
  const parts = [`${cookie.name}=${cookie.value}`];
  if (cookie.domain) parts.push(`Domain=${cookie.domain}`);
  if (cookie.path) parts.push(`Path=${cookie.path}`);
  if (cookie.expires !== undefined) parts.push(`Expires=${new Date(cookie.expires).toUTCString()}`);
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${cookie.maxAge}`);
  if (cookie.secure) parts.push('Secure');
  if (cookie.httpOnly) parts.push('HttpOnly');
  if (cookie.sameSite) parts.push(`SameSite=${cookie.sameSite}`);
  return parts.join('; ');
}

/**
 * Sends what a handler returned. Through `HttpResponse` (the library's own class) every body form
 * the app may use is read the same way: text, jsonBody, bytes, or a stream / async iterable, which
 * is piped as it is produced, so a streamed export reaches the client chunk by chunk.
 */
async function send(result: unknown, response: ServerResponse): Promise<void> {
  const answer = result instanceof HttpResponse ? result : new HttpResponse(result ?? {});
  response.statusCode = answer.status;
  for (const [name, value] of answer.headers) if (name !== 'set-cookie') response.setHeader(name, value);
  const cookies = [...answer.headers.getSetCookie(), ...answer.cookies.map(cookieHeader)];
  if (cookies.length > 0) response.setHeader('set-cookie', cookies);
  if (!answer.body) {
    response.end();
    return;
  }
  await pipeline(Readable.fromWeb(answer.body as WebReadableStream<Uint8Array>), response);
}

function plainStatus(response: ServerResponse, status: number): void {
  response.statusCode = status;
  response.end();
}

export function createHttpHost(options: HttpHostOptions): Server {
  const { routes, routePrefix, functionKey, log, corsOrigins = [], functionTimeoutMs } = options;
  return createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
      const method = (request.method ?? 'GET').toUpperCase();
      const origin = allowedOrigin(request.headers.origin, corsOrigins);
      if (origin) {
        response.setHeader('access-control-allow-origin', origin);
        if (origin !== '*') response.setHeader('vary', 'Origin');
        if (method === 'OPTIONS' && request.headers['access-control-request-method']) {
          response.setHeader('access-control-allow-methods', request.headers['access-control-request-method']);
          const requested = request.headers['access-control-request-headers'];
          if (requested) response.setHeader('access-control-allow-headers', requested);
          return plainStatus(response, 204);
        }
      }
      const matched = matchRoute(routes, routePrefix, url.pathname, method);
      if (!matched) return plainStatus(response, 404);
      const { route, params } = matched;
      const headers = headerRecord(request);
      if (!isAuthorized(route.authLevel, presentedKey(new Headers(headers), url.searchParams), functionKey)) return plainStatus(response, 401);
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
      const httpRequest = new HttpRequest({ method, url: url.toString(), headers, params, ...(body && body.length > 0 ? { body: { bytes: body } } : {}) });
      const invocation = await invokeFunction(route.fn, httpRequest, 'This function was programmatically called via the host APIs.', log, {
        functionTimeoutMs,
      });
      if (!invocation.outcome.ok) return plainStatus(response, 500);
      try {
        await send(invocation.outcome.result, response);
      } catch (error) {
        // Headers may be gone already (a stream failed half-way): the client sees a cut connection, as from the host.
        log.invocation(
          route.fn.metadata.name,
          invocation.invocationId,
          'error',
          `The response could not be sent: ${error instanceof Error ? error.message : String(error)}`,
        );
        if (!response.headersSent) plainStatus(response, 500);
        else response.destroy();
      }
    })().catch((error: unknown) => {
      log.error(`Request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) plainStatus(response, 500);
      else response.destroy();
    });
  });
}

/** Listens on loopback only: the built-in host is for this machine. Resolves with the port (0 picks a free one). */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
