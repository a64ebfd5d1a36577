import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { LoopbackCertificate } from './certificate';
import { closeServer, isPlainObject, listen, readBody, requestUrl, sendJson, sendNoContent, trackSockets } from './http';
import type { TokenSigner } from './tokens';

/**
 * An Event Grid custom topic look-alike for @azure/eventgrid's EventGridPublisherClient with the
 * CloudEvents 1.0 schema and a TokenCredential (https only: the SDK sends bearer tokens over TLS
 * only). What the service checks, it checks: the bearer token (signed by this sandbox, audience
 * https://eventgrid.azure.net, not expired), the content type, the batch size (1 MB) and the
 * CloudEvents shape of every event. Accepted events are recorded, in order of arrival.
 *   POST   /api/events?api-version=2018-01-01          the topic endpoint
 *   GET    /_control/events                            → { events: [...] } every accepted event
 *   DELETE /_control/events                            forget them
 *   PUT    /_control/faults { status?, times? }        fail the next `times` publishes (default 503, 1)
 *   DELETE /_control/faults
 */

export const EVENT_GRID_AUDIENCE = 'https://eventgrid.azure.net';
export const EVENT_GRID_API_VERSION = '2018-01-01';
/** Event Grid's limit on one publish request (and so on one event). */
export const EVENT_GRID_MAX_BATCH_BYTES = 1024 * 1024;
const CLOUD_EVENTS_BATCH = 'application/cloudevents-batch+json';

export interface EventGridStandInOptions {
  port?: number;
  signer: TokenSigner;
  certificate: LoopbackCertificate;
  log: (line: string) => void;
}

export interface EventGridStandIn {
  /** https://127.0.0.1:<port>/api/events — EVENT_GRID_TOPIC_ENDPOINT. */
  endpoint: string;
  /** https://127.0.0.1:<port>/_control */
  controlUrl: string;
  close(): Promise<void>;
}

export type RecordedEvent = Record<string, unknown>;

export async function startEventGridStandIn(options: EventGridStandInOptions): Promise<EventGridStandIn> {
  const accepted: RecordedEvent[] = [];
  let fault: { status: number; times: number } | undefined;
  const server = createServer({ cert: options.certificate.certPem, key: options.certificate.keyPem }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log(`[sandbox event grid] ${String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'InternalServerError', message: 'sandbox failure' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    if (route === 'POST /api/events') return publish(req, res, url);
    if (route === 'GET /_control/events') return sendJson(res, 200, { events: accepted });
    if (route === 'DELETE /_control/events') {
      accepted.length = 0;
      return sendNoContent(res);
    }
    if (route === 'PUT /_control/faults') {
      const body: unknown = JSON.parse((await readBody(req, 4096)) || '{}');
      const status = isPlainObject(body) && typeof body['status'] === 'number' ? body['status'] : 503;
      const times = isPlainObject(body) && typeof body['times'] === 'number' ? body['times'] : 1;
      fault = { status, times };
      return sendNoContent(res);
    }
    if (route === 'DELETE /_control/faults') {
      fault = undefined;
      return sendNoContent(res);
    }
    options.log(`[sandbox event grid] unknown request ${route}`);
    sendJson(res, 404, error('NotFound', `No sandbox route for ${url.pathname}`));
  }

  async function publish(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.searchParams.get('api-version') !== EVENT_GRID_API_VERSION)
      return sendJson(res, 400, error('BadRequest', `api-version must be ${EVENT_GRID_API_VERSION}.`));
    const authorization = req.headers.authorization ?? '';
    const token = /^Bearer (\S+)$/.exec(authorization)?.[1];
    const verified = token === undefined ? undefined : options.signer.verify(token, EVENT_GRID_AUDIENCE);
    if (!verified?.ok) return sendJson(res, 401, error('Unauthorized', `The request is not authorized (${verified ? verified.reason : 'no bearer token'}).`));
    if (!(req.headers['content-type'] ?? '').startsWith(CLOUD_EVENTS_BATCH))
      return sendJson(res, 400, error('BadRequest', `Content-Type must be ${CLOUD_EVENTS_BATCH}.`));
    const text = await readBodyUpTo(req, EVENT_GRID_MAX_BATCH_BYTES);
    if (text === undefined)
      return sendJson(res, 413, error('RequestEntityTooLarge', `A publish request may carry at most ${EVENT_GRID_MAX_BATCH_BYTES} bytes.`));
    if (fault && fault.times > 0) {
      fault.times -= 1;
      const status = fault.status;
      if (fault.times === 0) fault = undefined;
      return sendJson(res, status, error('SandboxFault', 'A fault armed through the control API.'));
    }
    const events: unknown = JSON.parse(text);
    const problem = cloudEventsProblem(events);
    if (problem) return sendJson(res, 400, error('BadRequest', problem));
    accepted.push(...(events as RecordedEvent[]));
    res.writeHead(200, { 'Content-Length': 0 });
    res.end();
  }

  const destroySockets = trackSockets(server);
  const port = await listen(server, options.port ?? 0);
  const origin = `https://127.0.0.1:${port}`;
  return { endpoint: `${origin}/api/events`, controlUrl: `${origin}/_control`, close: () => closeServer(server, destroySockets) };
}

/** The body, or undefined when it is over `limit` (read to the end anyway, so the 413 reaches the client). */
function readBodyUpTo(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const error = (code: string, message: string) => ({ error: { code, message } });

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** CloudEvents 1.0 (JSON format, batch mode): what is wrong with the body, or undefined. */
export function cloudEventsProblem(events: unknown): string | undefined {
  if (!Array.isArray(events) || events.length === 0) return 'The body must be a non-empty JSON array of CloudEvents.';
  for (const [index, event] of events.entries()) {
    const at = `Event ${index}`;
    if (!isPlainObject(event)) return `${at} is not an object.`;
    if (event['specversion'] !== '1.0') return `${at}: specversion must be "1.0".`;
    for (const name of ['id', 'source', 'type']) {
      if (typeof event[name] !== 'string' || event[name].length === 0) return `${at}: ${name} is required (a non-empty string).`;
    }
    if (event['time'] !== undefined && (typeof event['time'] !== 'string' || !rfc3339.test(event['time']))) return `${at}: time must be an RFC 3339 timestamp.`;
    if (event['subject'] !== undefined && typeof event['subject'] !== 'string') return `${at}: subject must be a string.`;
    if (event['data'] !== undefined && event['data_base64'] !== undefined) return `${at}: data and data_base64 are exclusive.`;
    if (Buffer.byteLength(JSON.stringify(event)) > EVENT_GRID_MAX_BATCH_BYTES) return `${at} is larger than 1 MB.`;
  }
  return undefined;
}
