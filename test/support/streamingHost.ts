import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { getProgrammingModel } from '../../localhost/functionsCore';
import { loadFunctionApp } from './loadFunctionApp';

/**
 * What the Functions host does for an HTTP function when the worker reports HTTP streams (the worker
 * capability `HttpUri`): it asks the programming model for the worker's capabilities, forwards the
 * caller's request to that URI with the invocation id in `x-ms-invocation-id` (and the original host
 * and scheme in x-forwarded-*), and invokes the function over its usual channel; the answer comes
 * back on the forwarded request, chunk by chunk. This drives the real @azure/functions code on both
 * sides of that contract; only the host process itself is stood in for.
 */

interface ProgrammingModel {
  getCapabilities(capabilities: Record<string, string>): Promise<Record<string, string>>;
  getInvocationModel(coreCtx: unknown): {
    getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
    invokeFunction(context: unknown, inputs: unknown[], handler: unknown): Promise<unknown>;
    getResponse(context: unknown, result: unknown): Promise<unknown>;
  };
}

export interface StreamedAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The chunks as they arrived: more than one shows the body was not sent whole. */
  chunks: Buffer[];
  body: string;
}

let capabilities: Promise<Record<string, string>> | undefined;
const servers: http.Server[] = [];

/** The worker's capabilities, asked once per process as the host does; the proxy server it opens is recorded for closing. */
export function workerCapabilities(): Promise<Record<string, string>> {
  if (!capabilities) {
    const createServer = http.createServer;
    const spy = ((...args: Parameters<typeof http.createServer>) => {
      const server = createServer(...args);
      servers.push(server);
      return server;
    }) as typeof http.createServer;
    http.createServer = spy;
    loadFunctionApp();
    capabilities = (getProgrammingModel() as ProgrammingModel).getCapabilities({}).finally(() => {
      http.createServer = createServer;
    });
  }
  return capabilities;
}

export async function closeStreamingHost(): Promise<void> {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function invokeThroughStreamingHost(
  functionName: string,
  pathAndQuery: string,
  options: { params?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<StreamedAnswer> {
  const registered = loadFunctionApp().get(functionName);
  if (!registered) throw new Error(`Function ${functionName} is not registered`);
  const { HttpUri: httpUri } = await workerCapabilities();
  if (!httpUri) throw new Error('The worker reported no HttpUri: HTTP streams are not on');
  const invocationId = randomUUID();
  const [triggerName] = Object.entries(registered.metadata.bindings).find(([, binding]) => binding.type === 'httpTrigger') ?? [];
  if (!triggerName) throw new Error(`${functionName} has no HTTP trigger`);

  const answer = new Promise<StreamedAnswer>((resolve, reject) => {
    const forwarded = http.request(new URL(`api/${pathAndQuery}`, httpUri), {
      method: 'GET',
      headers: { ...options.headers, 'x-ms-invocation-id': invocationId, 'x-forwarded-host': 'localhost:7071', 'x-forwarded-proto': 'http' },
    });
    forwarded.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, chunks, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    forwarded.on('error', reject);
    forwarded.end();
  });

  const params = Object.fromEntries(Object.entries(options.params ?? {}).map(([name, value]) => [name, { string: value }]));
  const coreCtx = {
    invocationId,
    metadata: registered.metadata,
    request: { inputData: [{ name: triggerName, data: {} }], triggerMetadata: { ...params, Headers: { json: JSON.stringify(options.headers ?? {}) } } },
    state: undefined,
    log: () => undefined,
  };
  const model = (getProgrammingModel() as ProgrammingModel).getInvocationModel(coreCtx);
  const { context, inputs } = await model.getArguments();
  const result = await model.invokeFunction(context, inputs, registered.handler);
  await model.getResponse(context, result);
  return answer;
}
