import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, pipeline } from 'node:stream';
import { applyFault, UPSTREAM_BODY_MARKER, withDrift } from './faultResponses';
import { CUSTOMER_LIST_FAULT_KEY, type FaultBook } from './faults';
import { GUID_PATTERN, sendJson } from './http';
import { generatedRecords, seedOf } from './numberGenerator';
import { describeRequest, type SandboxStats } from './stats';
import type { TenantBody, TenantStore } from './tenants';
import type { TokenSigner } from './tokens';

/**
 * The two Live Platform API calls the app uses, as the documentation describes them:
 *   GET {base}/api/v2/oc/numbers?msTenantId=<guid>   (bare JSON array of number records)
 *   GET {base}/api/v3/customer?allDetails=false      (bare JSON array of customers)
 * Both need a sandbox-issued bearer token for the configured audience and honour
 * `X-Ovoc-Channel-Id`. `{base}` may or may not end in /tenantui; the router strips it.
 */

export const NUMBERS_PATH = '/api/v2/oc/numbers';
export const REDIRECTED_NUMBERS_PATH = '/api/v2/oc/numbers/redirected';
export const CUSTOMERS_PATH = '/api/v3/customer';

export interface LivePlatformOptions {
  signer: TokenSigner;
  audience: string;
  tenants: TenantStore;
  faults: FaultBook;
  stats: SandboxStats;
  /** http://127.0.0.1:<port>, known once the server listens. */
  baseUrl: () => string;
}

export interface LiveRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The path after the optional /tenantui prefix. */
  apiPath: string;
  /** '' or '/tenantui', kept on redirects. */
  prefix: string;
}

export async function handleLivePlatformRequest(request: LiveRequest, options: LivePlatformOptions): Promise<boolean> {
  const { req, res, apiPath } = request;
  if (apiPath === NUMBERS_PATH || apiPath === REDIRECTED_NUMBERS_PATH || apiPath === CUSTOMERS_PATH) {
    if (req.method !== 'GET') {
      sendJson(res, 405, { message: `The requested resource does not support http method '${req.method ?? ''}'.` }, { Allow: 'GET' });
      return true;
    }
    if (!options.stats.arrive()) {
      sendJson(res, 429, { message: 'Rate limit is exceeded.', sandboxMarker: UPSTREAM_BODY_MARKER }, { 'Retry-After': '10' });
      return true;
    }
    if (apiPath === CUSTOMERS_PATH) await customers(request, options);
    else await numbers(request, options, apiPath === REDIRECTED_NUMBERS_PATH);
    return true;
  }
  return false;
}

async function numbers(request: LiveRequest, options: LivePlatformOptions, redirected: boolean): Promise<void> {
  const { req, res, url } = request;
  const tenantId = url.searchParams.get('msTenantId') ?? '';
  if (tenantId !== '') options.stats.numberCall(tenantId, describeRequest(req, url), redirected);

  // A redirect target is only reached by a client that follows redirects; the sandbox
  // serves it without a token on purpose so the follow shows up in the stats, not as a 401.
  if (!redirected && !authorised(request, options)) return;
  const channel = channelHeader(request);
  if (channel === 'invalid') return;
  if (!GUID_PATTERN.test(tenantId)) {
    sendJson(res, 400, { message: 'msTenantId must be a GUID.', sandboxMarker: UPSTREAM_BODY_MARKER });
    return;
  }

  const tenant = options.tenants.find(tenantId);
  const visible = tenant && (channel === undefined || tenant.channelId === channel) ? tenant : undefined;
  let drift = false;
  const fault = redirected ? undefined : options.faults.take(tenantId);
  if (fault) {
    const outcome = await applyFault(req, res, fault, {
      tenantId,
      normalBody: () => joinBody(visible?.body() ?? fallbackBody(tenantId)),
      redirectLocation: `${options.baseUrl()}${request.prefix}${REDIRECTED_NUMBERS_PATH}?msTenantId=${encodeURIComponent(tenantId)}`,
    });
    if (outcome === 'handled') return;
    drift = outcome === 'answer-with-drift';
  }

  if (!visible) {
    // Unknown tenant, or one outside the caller's channel: the Live Platform hides both alike.
    sendJson(res, 404, { message: `Customer with msTenantId ${tenantId} was not found.`, sandboxMarker: UPSTREAM_BODY_MARKER });
    return;
  }
  if (drift) {
    sendJson(res, 200, withDrift(visible.records()));
    return;
  }
  sendBody(res, visible.body());
}

async function customers(request: LiveRequest, options: LivePlatformOptions): Promise<void> {
  const { req, res } = request;
  options.stats.customerCall();
  if (!authorised(request, options)) return;
  const channel = channelHeader(request);
  if (channel === 'invalid') return;

  const list = options.tenants.customers().filter((customer) => channel === undefined || customer.ovocChannelId === channel);
  const fault = options.faults.take(CUSTOMER_LIST_FAULT_KEY);
  if (fault) {
    const outcome = await applyFault(req, res, fault, {
      tenantId: CUSTOMER_LIST_FAULT_KEY,
      normalBody: () => Buffer.from(JSON.stringify(list)),
      redirectLocation: `${options.baseUrl()}${request.prefix}${CUSTOMERS_PATH}?allDetails=false`,
    });
    if (outcome === 'handled') return;
    if (outcome === 'answer-with-drift') {
      sendJson(res, 200, withDrift(list.map((customer) => ({ ...customer }))));
      return;
    }
  }
  sendJson(res, 200, list);
}

/** Bearer token issued by this sandbox (either endpoint), for the audience, not expired. */
function authorised({ req, res }: LiveRequest, options: LivePlatformOptions): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const verification = match?.[1] ? options.signer.verify(match[1], options.audience) : undefined;
  if (verification?.ok) return true;
  options.stats.tokenRejected();
  const reason = verification ? verification.reason : 'missing';
  sendJson(
    res,
    401,
    { message: 'Authorization has been denied for this request.', reason, sandboxMarker: UPSTREAM_BODY_MARKER },
    { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${reason}"` },
  );
  return false;
}

/** undefined = no header; a number; or 'invalid' after a 400 has been sent. */
function channelHeader({ req, res }: LiveRequest): number | undefined | 'invalid' {
  const raw = req.headers['x-ovoc-channel-id'];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  const trimmed = value.trim();
  const channel = Number(trimmed);
  if (!/^\d{1,10}$/.test(trimmed) || channel > 2147483647) {
    sendJson(res, 400, { message: 'X-Ovoc-Channel-Id must be an integer.', sandboxMarker: UPSTREAM_BODY_MARKER });
    return 'invalid';
  }
  return channel;
}

function sendBody(res: ServerResponse, body: TenantBody): void {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.byteLength });
  pipeline(Readable.from(body.chunks), res, () => {
    // A client that hangs up mid-body is not the sandbox's problem.
  });
}

function joinBody(body: TenantBody): Buffer {
  return Buffer.concat(body.chunks);
}

/** Faults on an unregistered tenant still need a plausible body to break. */
function fallbackBody(tenantId: string): TenantBody {
  const text = JSON.stringify(generatedRecords(tenantId.toLowerCase(), 'legacy', 20, seedOf(tenantId)));
  const chunk = Buffer.from(text, 'utf8');
  return { chunks: [chunk], byteLength: chunk.length };
}
