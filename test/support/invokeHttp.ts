import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { HttpRequest, InvocationContext, type HttpHandler, type HttpResponseInit } from '@azure/functions';
import { registeredHandler } from './loadFunctionApp';
import { testFunctionKey } from './testFunctionKey';

export { testFunctionKey };

export interface InvokeOptions {
  params?: Record<string, string>;
  headers?: Record<string, string>;
  method?: string;
  body?: string;
  /** Where the request came in (what the Host header made of it); default http://localhost:7071. */
  origin?: string;
}

export interface InvokeResult {
  status: number;
  headers: Headers;
  body: string;
  logs: string[];
  json<T = Record<string, unknown>>(): T;
}

/** Everything the suite saw (log lines and responses) goes here for the suite-wide secrets scan. */
function capture(lines: string[]): void {
  const folder = process.env['SECRET_SCAN_DIR'];
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  appendFileSync(path.join(folder, `worker-${process.pid}.log`), `${lines.join('\n')}\n`);
}

async function bodyText(response: HttpResponseInit): Promise<string> {
  if (response.jsonBody !== undefined) return JSON.stringify(response.jsonBody);
  if (response.body === undefined || response.body === null) return '';
  if (typeof response.body === 'string') return response.body;
  // The bytes as sent: Response.text() would drop a leading byte-order mark, which CSV answers carry.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(response.body as ConstructorParameters<typeof Response>[0]).arrayBuffer());
}

/**
 * Calls a registered HTTP function the way the host does: a real HttpRequest (URL with query string,
 * route params) and a real InvocationContext whose log lines are captured.
 */
export async function invokeHttp(functionName: string, pathAndQuery: string, options: InvokeOptions = {}): Promise<InvokeResult> {
  const handler = registeredHandler<HttpHandler>(functionName);
  const url = new URL(`${options.origin ?? 'http://localhost:7071'}/api/${pathAndQuery}`);
  if (!url.searchParams.has('code')) url.searchParams.set('code', testFunctionKey);
  const request = new HttpRequest({
    method: options.method ?? 'GET',
    url: url.toString(),
    headers: { 'x-functions-key': testFunctionKey, ...options.headers },
    params: options.params ?? {},
    ...(options.body !== undefined ? { body: { string: options.body } } : {}),
  });
  const logs: string[] = [];
  const context = new InvocationContext({
    functionName,
    invocationId: `test-${Date.now()}`,
    logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(' ')}`),
  });
  const response = await handler(request, context);
  const body = await bodyText(response);
  const headers = new Headers(response.headers as ConstructorParameters<typeof Headers>[0]);
  capture([...logs, `${response.status ?? 200} ${JSON.stringify(Object.fromEntries(headers))} ${body}`]);
  return {
    status: response.status ?? 200,
    headers,
    body,
    logs,
    json: <T>() => JSON.parse(body) as T,
  };
}
