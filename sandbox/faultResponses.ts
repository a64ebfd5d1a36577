import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, pipeline } from 'node:stream';
import { delay, sendJson } from './http';
import { DEFAULT_OVERSIZED_BYTES, type FaultSpec } from './faults';
import { legacyRecordJson, scaleNumber, seedOf, type NumberRecord } from './numberGenerator';

/**
 * How each armed fault answers. Error bodies carry UPSTREAM_BODY_MARKER so tests can prove
 * the app never passes an upstream body on to its own callers.
 */

export const UPSTREAM_BODY_MARKER = 'sandbox-upstream-body-must-not-leak';

export interface FaultContext {
  tenantId: string;
  /** The body the call would normally get (for faults that send part of it). */
  normalBody: () => Buffer;
  /** Where `redirect` points: a sandbox URL that also serves the data, so following it is visible. */
  redirectLocation: string;
}

/** What the caller does after the fault ran. */
export type FaultOutcome = 'handled' | 'answer-normally' | 'answer-with-drift';

export async function applyFault(req: IncomingMessage, res: ServerResponse, spec: FaultSpec, context: FaultContext): Promise<FaultOutcome> {
  if (spec.delayMs) {
    await delay(spec.delayMs);
    // The client may have given up meanwhile; nothing left to answer.
    if (res.destroyed || req.destroyed) return 'handled';
  }
  switch (spec.fault) {
    case 'slow':
      return 'answer-normally';
    case 'drift':
      return 'answer-with-drift';
    case '429':
      sendJson(
        res,
        429,
        { statusCode: 429, message: 'Rate limit is exceeded. Try again later.', sandboxMarker: UPSTREAM_BODY_MARKER },
        spec.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(spec.retryAfterSeconds) },
      );
      return 'handled';
    case '500':
      sendJson(res, 500, {
        message: 'An error has occurred.',
        exceptionMessage: 'NullReferenceException at OcNumbersController',
        sandboxMarker: UPSTREAM_BODY_MARKER,
      });
      return 'handled';
    case '503':
      sendJson(res, 503, { message: 'The service is unavailable.', sandboxMarker: UPSTREAM_BODY_MARKER });
      return 'handled';
    case '401':
      sendJson(
        res,
        401,
        { message: 'Authorization has been denied for this request.', sandboxMarker: UPSTREAM_BODY_MARKER },
        {
          'WWW-Authenticate': 'Bearer error="invalid_token"',
        },
      );
      return 'handled';
    case '403':
      sendJson(res, 403, { message: 'The app is not allowed to read this customer.', sandboxMarker: UPSTREAM_BODY_MARKER });
      return 'handled';
    case '404':
      sendJson(res, 404, { message: `Customer ${context.tenantId} was not found.`, sandboxMarker: UPSTREAM_BODY_MARKER });
      return 'handled';
    case 'hang':
      // Never answer; the socket stays open until the client gives up or the sandbox closes.
      return 'handled';
    case 'reset':
      req.socket.destroy();
      return 'handled';
    case 'resetMidBody':
      sendHalfThenReset(res, context.normalBody());
      return 'handled';
    case 'invalidJson': {
      const text = `[{"id":1,"telephoneNumber":"+12065550100","tenantId":"${context.tenantId}"},{"id":2,"telephoneNumber":`;
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return 'handled';
    }
    case 'nonArray': {
      // Looks like an OData wrapper: an app that digs into `.value` instead of refusing would pass.
      const records: unknown = JSON.parse(context.normalBody().toString('utf8'));
      sendJson(res, 200, { value: records, count: Array.isArray(records) ? records.length : 0 });
      return 'handled';
    }
    case 'oversized':
      streamOversized(res, context.tenantId, spec.bytes ?? DEFAULT_OVERSIZED_BYTES);
      return 'handled';
    case 'redirect':
      sendJson(res, 302, { message: 'Found' }, { Location: context.redirectLocation });
      return 'handled';
  }
}

/** Full Content-Length, half the bytes, then a dead socket: the client sees a truncated body. */
function sendHalfThenReset(res: ServerResponse, body: Buffer): void {
  const full = body.length >= 4096 ? body : Buffer.concat([body, Buffer.alloc(4096 - body.length, 0x20)]);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': full.length });
  res.write(full.subarray(0, Math.floor(full.length / 2)), () => {
    res.socket?.destroy();
  });
}

/**
 * A valid JSON array of about `bytes` bytes, generated while it is sent (never held whole),
 * chunked with no Content-Length so the client has to enforce its own limit while reading.
 */
function streamOversized(res: ServerResponse, tenantId: string, bytes: number): void {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  pipeline(Readable.from(oversizedChunks(tenantId, bytes)), res, () => {
    // A client that stops reading early closes the socket; that is the expected outcome.
  });
}

function* oversizedChunks(tenantId: string, bytes: number): Generator<Buffer> {
  const seed = seedOf(tenantId);
  let sent = 1;
  let index = 0;
  yield Buffer.from('[');
  while (sent < bytes - 1) {
    const parts: string[] = [];
    let size = 0;
    while (size < 64 * 1024 && sent + size < bytes - 1) {
      const record = legacyRecordJson({ tenantId, index, telephoneNumber: scaleNumber(index), isoCountryCode: 'US', seed });
      const text = `${index === 0 ? '' : ','}${record}`;
      parts.push(text);
      size += Buffer.byteLength(text);
      index += 1;
    }
    sent += size;
    yield Buffer.from(parts.join(''), 'utf8');
  }
  yield Buffer.from(']');
}

/** `drift`: extra unknown fields on every record, one of which changes type between records. */
export function withDrift(records: NumberRecord[]): NumberRecord[] {
  return records.map((record, index) => ({
    ...record,
    numberPortabilityState: 'none',
    lastPortedOn: null,
    carrierMetadata: { revision: 2, flags: ['sandbox-drift'] },
    // A number on even records and a string on odd ones: the app must keep both as-is.
    ovocRevision: index % 2 === 0 ? 7 : '7',
  }));
}
