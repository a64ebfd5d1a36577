import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createLoopbackCertificate } from './certificate';
import { CallerTokenIssuer } from './callerTokens';
import { CONTROL_PREFIX, handleControlRequest } from './control';
import { startEntraAuthority } from './entraAuthority';
import { startEventGridStandIn, type EventGridStandIn } from './eventGrid';
import { FaultBook } from './faults';
import { closeServer, listen, requestUrl, sendJson, trackSockets } from './http';
import { LIVE_PLATFORM_AUDIENCE, SANDBOX_APP_CLIENT_ID, SANDBOX_DIRECTORY_TENANT_ID, type SandboxApp } from './identities';
import { handleLivePlatformRequest, type LivePlatformOptions } from './livePlatform';
import { handleManagedIdentityRequest, MANAGED_IDENTITY_PATH } from './managedIdentityEndpoint';
import { SandboxStats } from './stats';
import { TenantStore } from './tenants';
import { TokenFaultBook } from './tokenFaults';
import { TokenSigner } from './tokens';

/**
 * Starts the whole sandbox on loopback: one http server for the Live Platform API, the
 * managed identity endpoint and the control API, and one https server for the Entra authority.
 */

export interface SandboxOptions {
  /** Live Platform + managed identity + control; 0 (default) picks a free port. */
  livePort?: number;
  /** Entra authority (https); 0 (default) picks a free port. */
  authorityPort?: number;
  /** Event Grid topic stand-in (https); 0 (default) picks a free port. */
  eventGridPort?: number;
  /** Where the authority's CA certificate is written. */
  stateDir: string;
  /** Secret expected in X-IDENTITY-HEADER; random when not given. */
  identityHeader?: string;
  /** Audience the Live Platform API accepts; default AudioCodes' documented one. */
  audience?: string;
  /** The registered app; default fixed ids and a random secret. */
  app?: Partial<SandboxApp>;
  /** Where unknown requests and internal errors are reported; default stderr. */
  log?: (line: string) => void;
}

export interface SandboxHandle {
  /** http://127.0.0.1:<port> — LIVE_PLATFORM_BASE_URL, and the control API under /_sandbox. */
  liveBaseUrl: string;
  /** http://127.0.0.1:<port>/msi/token — IDENTITY_ENDPOINT. */
  identityEndpoint: string;
  /** IDENTITY_HEADER. */
  identityHeader: string;
  /** https://127.0.0.1:<port> — authorityHost / LIVE_PLATFORM_AUTHORITY_HOST. */
  authorityHost: string;
  /** PEM of the authority's certificate (the Event Grid stand-in's too), for NODE_EXTRA_CA_CERTS. */
  caCertPath: string;
  /** https://127.0.0.1:<port>/api/events — EVENT_GRID_TOPIC_ENDPOINT. */
  eventGridEndpoint: string;
  /** https://127.0.0.1:<port>/_control — the Event Grid stand-in's control API (sandbox/eventGrid.ts). */
  eventGridControlUrl: string;
  audience: string;
  app: SandboxApp;
  /** Stops both servers and destroys every open socket (hung requests included). */
  close(): Promise<void>;
}

const TENANTUI_PREFIX = '/tenantui';

export async function startSandbox(options: SandboxOptions): Promise<SandboxHandle> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const signer = new TokenSigner();
  const stats = new SandboxStats();
  const tenants = new TenantStore();
  const faults = new FaultBook();
  const tokenFaults = new TokenFaultBook();
  const audience = options.audience ?? LIVE_PLATFORM_AUDIENCE;
  const identityHeader = options.identityHeader ?? randomBytes(16).toString('hex');
  const app: SandboxApp = {
    tenantId: options.app?.tenantId ?? SANDBOX_DIRECTORY_TENANT_ID,
    clientId: options.app?.clientId ?? SANDBOX_APP_CLIENT_ID,
    clientSecret: options.app?.clientSecret ?? `sandbox~${randomBytes(18).toString('base64url')}`,
  };
  await mkdir(options.stateDir, { recursive: true });
  let authorityHost = '';
  const callerTokens = new CallerTokenIssuer(app.tenantId, () => authorityHost);

  let liveBaseUrl = '';
  const live: LivePlatformOptions = { signer, audience, tenants, faults, stats, baseUrl: () => liveBaseUrl };
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req);
    if (url.pathname === MANAGED_IDENTITY_PATH) {
      handleManagedIdentityRequest(req, res, url, { signer, identityHeader, directoryTenantId: app.tenantId, stats, tokenFaults, liveAudience: audience });
      return;
    }
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      await handleControlRequest(req, res, url, { tenants, faults, stats, signer, audience, directoryTenantId: app.tenantId, tokenFaults, callerTokens });
      return;
    }
    const prefix = url.pathname.startsWith(`${TENANTUI_PREFIX}/`) ? TENANTUI_PREFIX : '';
    const apiPath = url.pathname.slice(prefix.length);
    if (await handleLivePlatformRequest({ req, res, url, apiPath, prefix }, live)) return;
    log(`[sandbox] unknown request ${req.method ?? '?'} ${req.url ?? ''}`);
    sendJson(res, 404, { message: `No HTTP resource was found that matches the request URI '${url.pathname}'.` });
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log(`[sandbox] ${req.method ?? '?'} ${req.url ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, error instanceof SyntaxError ? 400 : 500, { error: String(error) });
      else res.destroy();
    });
  });
  const destroyLiveSockets = trackSockets(server);
  const livePort = await listen(server, options.livePort ?? 0);
  liveBaseUrl = `http://127.0.0.1:${livePort}`;

  // One certificate for every https server of the sandbox, so callers trust one CA.
  const certificate = await createLoopbackCertificate();
  let authority;
  let eventGrid: EventGridStandIn;
  try {
    eventGrid = await startEventGridStandIn({ port: options.eventGridPort ?? 0, signer, certificate, log });
  } catch (error) {
    await closeServer(server, destroyLiveSockets);
    throw error;
  }
  try {
    authority = await startEntraAuthority({
      certificate,
      port: options.authorityPort ?? 0,
      stateDir: options.stateDir,
      signer,
      app,
      stats,
      log,
      tokenFaults,
      liveAudience: audience,
      callerTokens,
    });
    authorityHost = authority.authorityHost;
  } catch (error) {
    await Promise.all([closeServer(server, destroyLiveSockets), eventGrid.close()]);
    throw error;
  }

  return {
    liveBaseUrl,
    identityEndpoint: `${liveBaseUrl}${MANAGED_IDENTITY_PATH}`,
    identityHeader,
    authorityHost: authority.authorityHost,
    caCertPath: authority.caCertPath,
    eventGridEndpoint: eventGrid.endpoint,
    eventGridControlUrl: eventGrid.controlUrl,
    audience,
    app,
    close: async () => {
      await Promise.all([closeServer(server, destroyLiveSockets), authority.close(), eventGrid.close()]);
    },
  };
}
