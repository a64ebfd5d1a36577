import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultSpec, type FaultBook } from './faults';
import { GUID_PATTERN, isPlainObject, readJsonBody, sendJson, sendNoContent } from './http';
import { parseCallerTokenRequest, type CallerTokenIssuer } from './callerTokens';
import type { SandboxStats } from './stats';
import type { TenantRegistration, TenantStore } from './tenants';
import { parseTokenFaultSpec, type TokenFaultBook } from './tokenFaults';
import { nowSeconds, type TokenSigner } from './tokens';

/**
 * The control API tests use to shape the sandbox (no auth: it only listens on loopback).
 *   PUT    /_sandbox/tenants/{id}   { records?, recordsJson?, shape?, count?, channelId?, name? }
 *          (recordsJson: each record's JSON text, sent as is: hostile bodies JSON cannot round-trip)
 *   GET    /_sandbox/tenants/{id}   → the records the numbers call would return
 *   DELETE /_sandbox/tenants/{id}
 *   PUT    /_sandbox/faults/{id}    { fault, times?, retryAfterSeconds?, delayMs?, bytes? }
 *   DELETE /_sandbox/faults/{id}
 *   GET    /_sandbox/stats/{id}     GET /_sandbox/stats
 *   GET    /_sandbox/arrivals       → every Live Platform call's arrival time, and the 429s of an enforced limit
 *   PUT    /_sandbox/rate-limit     { limit, windowMs } enforce the Live Platform's limit (429 beyond it)
 *   DELETE /_sandbox/rate-limit
 *   POST   /_sandbox/tokens         { claims?, expiresInSeconds? } → { access_token } (for expiry tests)
 *   POST   /_sandbox/caller-tokens  { roles?, fault?, version?, subject?, audience? } → { access_token }
 *          (tokens for calling OC Numbers with CALLER_AUTH=entra; fault: see callerTokens.ts)
 *   PUT    /_sandbox/token-faults   { fault: expired|wrongAudience|500|hang, times? } (token endpoints)
 *   DELETE /_sandbox/token-faults
 *   POST   /_sandbox/reset
 * {id} is a tenant id; faults also take `customers` for the V3 customer list.
 */

export const CONTROL_PREFIX = '/_sandbox';
const MAX_REGISTERED_NUMBERS = 1_000_000;

export interface ControlOptions {
  tenants: TenantStore;
  faults: FaultBook;
  stats: SandboxStats;
  signer: TokenSigner;
  audience: string;
  directoryTenantId: string;
  tokenFaults: TokenFaultBook;
  callerTokens: CallerTokenIssuer;
}

export async function handleControlRequest(req: IncomingMessage, res: ServerResponse, url: URL, options: ControlOptions): Promise<void> {
  const [, , collection, rawId, ...extra] = url.pathname.split('/');
  const id = rawId === undefined ? undefined : decodeURIComponent(rawId).toLowerCase();
  const method = req.method ?? 'GET';
  const route = `${method} ${collection ?? ''}${id === undefined ? '' : '/:id'}`;
  if (extra.length > 0) {
    sendJson(res, 404, { error: `no control route ${url.pathname}` });
    return;
  }
  if (collection === 'tenants' && id !== undefined && !GUID_PATTERN.test(id)) {
    sendJson(res, 400, { error: 'tenant ids are GUIDs' });
    return;
  }

  switch (route) {
    case 'PUT tenants/:id': {
      const registration = parseRegistration(await readJsonBody(req));
      if (typeof registration === 'string') {
        sendJson(res, 400, { error: registration });
        return;
      }
      const tenant = options.tenants.register(id ?? '', registration);
      sendJson(res, 200, { msTenantId: tenant.id, channelId: tenant.channelId, count: tenant.count() });
      return;
    }
    case 'GET tenants/:id': {
      const tenant = options.tenants.find(id ?? '');
      if (!tenant) sendJson(res, 404, { error: `unknown tenant ${id ?? ''}` });
      else sendJson(res, 200, tenant.records());
      return;
    }
    case 'DELETE tenants/:id':
      options.tenants.delete(id ?? '');
      sendNoContent(res);
      return;
    case 'PUT faults/:id': {
      const spec = parseFaultSpec(await readJsonBody(req));
      if (typeof spec === 'string') {
        sendJson(res, 400, { error: spec });
        return;
      }
      options.faults.set(id ?? '', spec);
      sendJson(res, 200, spec);
      return;
    }
    case 'DELETE faults/:id':
      options.faults.clear(id ?? '');
      sendNoContent(res);
      return;
    case 'GET stats/:id':
      sendJson(res, 200, options.stats.tenant(id ?? ''));
      return;
    case 'GET stats':
      sendJson(res, 200, options.stats.totals());
      return;
    case 'GET arrivals':
      sendJson(res, 200, options.stats.arrivalLog());
      return;
    case 'PUT rate-limit': {
      const body = await readJsonBody(req);
      const limit = isPlainObject(body) ? body['limit'] : undefined;
      const windowMs = isPlainObject(body) ? body['windowMs'] : undefined;
      if (!Number.isInteger(limit) || (limit as number) < 1 || !Number.isInteger(windowMs) || (windowMs as number) < 1) {
        sendJson(res, 400, { error: 'limit and windowMs are positive integers' });
        return;
      }
      options.stats.setRateLimit({ limit: limit as number, windowMs: windowMs as number });
      sendNoContent(res);
      return;
    }
    case 'DELETE rate-limit':
      options.stats.setRateLimit(null);
      sendNoContent(res);
      return;
    case 'POST tokens':
      mintToken(res, await readJsonBody(req), options);
      return;
    case 'POST caller-tokens': {
      const request = parseCallerTokenRequest(await readJsonBody(req));
      if (typeof request === 'string') {
        sendJson(res, 400, { error: request });
        return;
      }
      sendJson(res, 200, { access_token: await options.callerTokens.issue(request), token_type: 'Bearer' });
      return;
    }
    case 'PUT token-faults': {
      const spec = parseTokenFaultSpec(await readJsonBody(req));
      if (typeof spec === 'string') {
        sendJson(res, 400, { error: spec });
        return;
      }
      options.tokenFaults.set(spec);
      sendJson(res, 200, spec);
      return;
    }
    case 'DELETE token-faults':
      options.tokenFaults.clear();
      sendNoContent(res);
      return;
    case 'POST reset':
      options.tenants.reset();
      options.faults.reset();
      options.tokenFaults.clear();
      options.stats.reset();
      sendNoContent(res);
      return;
    default:
      sendJson(res, 404, { error: `no control route ${method} ${url.pathname}` });
  }
}

function parseRegistration(body: unknown): TenantRegistration | string {
  if (!isPlainObject(body)) return 'body must be a JSON object';
  const registration: TenantRegistration = {};
  const { records, recordsJson, shape, count, channelId, name } = body;
  if (records !== undefined) {
    if (!Array.isArray(records) || !records.every(isPlainObject)) return 'records must be an array of objects';
    registration.records = records;
  }
  if (recordsJson !== undefined) {
    if (!Array.isArray(recordsJson) || !recordsJson.every((item) => typeof item === 'string')) return 'recordsJson must be an array of strings';
    registration.recordsJson = recordsJson;
  }
  if (shape !== undefined) {
    if (shape !== 'legacy' && shape !== 'modern') return "shape must be 'legacy' or 'modern'";
    registration.shape = shape;
  }
  if (count !== undefined) {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_REGISTERED_NUMBERS) {
      return `count must be an integer 0…${MAX_REGISTERED_NUMBERS}`;
    }
    registration.count = count;
  }
  if (channelId !== undefined && channelId !== null) {
    if (typeof channelId !== 'number' || !Number.isInteger(channelId) || channelId < 0 || channelId > 2147483647) {
      return 'channelId must be an integer 0…2147483647 or null';
    }
    registration.channelId = channelId;
  }
  if (name !== undefined) {
    if (typeof name !== 'string') return 'name must be a string';
    registration.name = name;
  }
  return registration;
}

/** Any token the sandbox would accept or reject on purpose: expired, other audience, odd claims. */
function mintToken(res: ServerResponse, body: unknown, options: ControlOptions): void {
  if (!isPlainObject(body)) {
    sendJson(res, 400, { error: 'body must be a JSON object' });
    return;
  }
  const expiresIn = body['expiresInSeconds'] ?? 3600;
  const claims = body['claims'] ?? {};
  if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || !isPlainObject(claims)) {
    sendJson(res, 400, { error: 'expiresInSeconds must be an integer (may be negative) and claims an object' });
    return;
  }
  const issuedAt = nowSeconds();
  const accessToken = options.signer.sign({
    aud: options.audience,
    iss: `https://sts.windows.net/${options.directoryTenantId}/`,
    sub: 'sandbox-control',
    iat: issuedAt,
    nbf: issuedAt - 60,
    exp: issuedAt + expiresIn,
    ...claims,
  });
  sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer' });
}
