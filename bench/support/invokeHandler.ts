import { readFile } from 'node:fs';
import { HttpRequest, InvocationContext, type HttpHandler } from '@azure/functions';

/** The host's base URL as a client sees it; only its path and query reach the handler's logic. */
const hostUrl = 'http://localhost:7071/api/';

/**
 * Resolves in an I/O callback's turn of the event loop, where the host's invocations start (a message
 * read from its channel): a cold start's first answer is measured from there, not from the main script.
 */
export function invocationArrives(): Promise<void> {
  return new Promise((resolve) => readFile(__filename, () => resolve()));
}

/**
 * Calls an HTTP handler the way the host does (a real HttpRequest and InvocationContext, logs
 * discarded) and returns the body as the bytes the host would send; anything but the expected status is a broken bench.
 */
export async function invokeHttp(
  handler: HttpHandler,
  pathAndQuery: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
  expectedStatus = 200,
): Promise<Buffer> {
  const request = new HttpRequest({ method: 'GET', url: `${hostUrl}${pathAndQuery}`, headers, params });
  const context = new InvocationContext({ functionName: 'bench', invocationId: 'bench', logHandler: () => undefined });
  const response = await handler(request, context);
  const status = response.status ?? 200;
  if (status !== expectedStatus) throw new Error(`${pathAndQuery} answered ${status}, expected ${expectedStatus}: ${String(response.body).slice(0, 300)}`);
  if (typeof response.body !== 'string') throw new Error(`${pathAndQuery} answered a body that is not text`);
  // The host must turn the body into bytes to send it: that is counted, as it is for the pass-through.
  return Buffer.from(response.body, 'utf8');
}
