import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Small request/response helpers shared by the sandbox servers (no framework on purpose). */

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

/** Reads a whole request body, refusing more than `limit` bytes so a bad client cannot exhaust memory. */
export function readBody(req: IncomingMessage, limit = 256 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`request body over ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a JSON body; an empty body counts as `{}` so control calls can omit it. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The URL of a request, resolved against a dummy origin (only path and query matter here). */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://sandbox.invalid');
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Remembers every open socket of a server so `close()` finishes even with keep-alive
 * connections or deliberately hung requests still open.
 */
export function trackSockets(server: Server): () => void {
  const sockets = new Set<Socket>();
  const remember = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  // On a TLS server 'connection' gives the raw TCP socket; destroying it ends the TLS session too.
  server.on('connection', remember);
  return () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
}

/**
 * Node's 5 s keep-alive default loses races with clients whose event loop is busy (a test
 * parsing 90 MB, say): they reuse a pooled socket the server has just closed and see
 * "other side closed". Long keep-alive, as real front ends have, avoids that; close()
 * destroys the sockets anyway.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function listen(server: Server, port: number): Promise<number> {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('server has no TCP address'));
        return;
      }
      resolve(address.port);
    });
  });
}

export function closeServer(server: Server, destroySockets: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      destroySockets();
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    destroySockets();
  });
}

/** GUIDs in any case; the sandbox keys everything by the lower-case form. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
