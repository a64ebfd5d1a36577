import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest, InvocationContext, type HttpHandler, type HttpResponseInit } from '@azure/functions';
import type { RecordedBinding } from '../../localhost/functionsCore';
import { loadFunctionApp } from './loadFunctionApp';
import { testFunctionKey } from './testFunctionKey';

/**
 * A small HTTP listener in front of the functions the stand-in recorded, for clients that need a real
 * socket (curl, PowerShell): `/api/<route>` is matched against each httpTrigger's route template, a
 * function-level route requires the key (header `x-functions-key` or query `code`) as the host does,
 * and the handler gets a real HttpRequest and InvocationContext. It is not the Functions host: no
 * route constraints, no catch-all segments, no host-level limits; only what the examples need.
 */
export interface HttpHost {
  /** e.g. http://127.0.0.1:54321 (no trailing slash); routes live under `${origin}/api/`. */
  origin: string;
  /** The key function-level routes require; null when keys are not checked (as under `func start`). */
  functionKey: string | null;
  /** Every request served, as `METHOD /path?query status`, in order. */
  served: string[];
  close(): Promise<void>;
}

interface Route {
  name: string;
  methods: string[];
  authLevel: string;
  segments: string[];
  handler: HttpHandler;
}

function routesOfApp(): Route[] {
  const routes: Route[] = [];
  for (const [name, recorded] of loadFunctionApp()) {
    const trigger = Object.values(recorded.metadata.bindings).find((binding: RecordedBinding) => binding.type === 'httpTrigger');
    if (!trigger) continue;
    routes.push({
      name,
      methods: (trigger['methods'] as string[] | undefined) ?? ['GET', 'POST'],
      authLevel: String(trigger['authLevel']),
      segments: String(trigger['route'] ?? name).split('/'),
      handler: recorded.handler as unknown as HttpHandler,
    });
  }
  return routes;
}

function match(route: Route, segments: string[]): Record<string, string> | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, template] of route.segments.entries()) {
    const actual = segments[index] ?? '';
    const parameter = /^\{([^}:?]+)\??(?::[^}]*)?\}$/.exec(template);
    if (parameter?.[1]) params[parameter[1]] = decodeURIComponent(actual);
    else if (template.toLowerCase() !== actual.toLowerCase()) return undefined;
  }
  return params;
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined;
}

async function bodyBytes(response: HttpResponseInit): Promise<Buffer> {
  if (response.jsonBody !== undefined) return Buffer.from(JSON.stringify(response.jsonBody), 'utf8');
  if (response.body === undefined || response.body === null) return Buffer.alloc(0);
  if (typeof response.body === 'string') return Buffer.from(response.body, 'utf8');
  return Buffer.from(await new Response(response.body as ConstructorParameters<typeof Response>[0]).arrayBuffer());
}

function problem(res: ServerResponse, status: number, detail: string): void {
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title: detail, status, detail }));
}

export async function startHttpHost(functionKey: string | null = testFunctionKey): Promise<HttpHost> {
  const routes = routesOfApp();
  const served: string[] = [];
  let origin = '';

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    const note = (status: number) => served.push(`${method} ${url.pathname}${url.search} ${status}`);
    if (!url.pathname.startsWith('/api/')) return void (note(404), problem(res, 404, 'Not found'));
    const segments = url.pathname.slice('/api/'.length).split('/');
    const candidates = routes.map((route) => ({ route, params: match(route, segments) })).filter((c) => c.params !== undefined);
    const found = candidates.find((c) => c.route.methods.includes(method));
    if (!found?.params) return void (note(candidates.length > 0 ? 405 : 404), problem(res, candidates.length > 0 ? 405 : 404, 'No such route'));
    if (functionKey !== null && found.route.authLevel !== 'anonymous') {
      const given = req.headers['x-functions-key'] ?? url.searchParams.get('code');
      if (given !== functionKey) return void (note(401), res.writeHead(401).end());
    }
    const body = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const request = new HttpRequest({ method, url: url.toString(), headers, params: found.params, ...(body !== undefined ? { body: { string: body } } : {}) });
    const context = new InvocationContext({ functionName: found.route.name, invocationId: randomUUID(), logHandler: () => undefined });
    // The app answers HttpResponseInit objects (as invokeHttp reads them too).
    const response = (await found.route.handler(request, context)) as HttpResponseInit;
    const status = response.status ?? 200;
    const bytes = await bodyBytes(response);
    const outHeaders = new Headers(response.headers as ConstructorParameters<typeof Headers>[0]);
    if (response.jsonBody !== undefined && !outHeaders.has('content-type')) outHeaders.set('content-type', 'application/json');
    note(status);
    res.writeHead(status, { ...Object.fromEntries(outHeaders), 'content-length': String(bytes.length) });
    res.end(method === 'HEAD' ? undefined : bytes);
  };

  const server: Server = createServer((req, res) => {
    serve(req, res).catch(() => {
      // A handler that throws is a bug the caller must see as such, with nothing of the error in the body.
      if (!res.headersSent) problem(res, 500, 'The handler threw');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    functionKey,
    served,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
