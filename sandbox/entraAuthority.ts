import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import path from 'node:path';
import type { CallerTokenIssuer } from './callerTokens';
import { createLoopbackCertificate, type LoopbackCertificate } from './certificate';
import { closeServer, listen, readBody, requestUrl, sendJson, trackSockets } from './http';
import { MANAGED_IDENTITY_OBJECT_ID, TOKEN_EXCHANGE_AUDIENCE, type SandboxApp } from './identities';
import type { SandboxStats } from './stats';
import { EXPIRED_TOKEN_AGE_SECONDS, WRONG_TOKEN_AUDIENCE, type TokenFaultBook } from './tokenFaults';
import { nowSeconds, resourceFromScope, type TokenRejection, type TokenSigner } from './tokens';

/**
 * An Entra ID look-alike for @azure/identity's ClientSecretCredential and
 * ClientAssertionCredential with `authorityHost` = this server and
 * `disableInstanceDiscovery: true`. Observed with @azure/identity 4.13 / msal-node 3.8, each
 * new credential asks for exactly:
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration
 *   POST /{tenant}/oauth2/v2.0/token?client-request-id=<uuid>
 *        form: client_id, scope=<resource>/.default, grant_type=client_credentials,
 *        x-client-SKU/VER/OS/CPU, x-ms-lib-capability, x-client-current/last-telemetry,
 *        client-request-id, and client_secret | client_assertion_type + client_assertion
 * and, for the app's caller sign-in (CALLER_AUTH=entra, jose):
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration, then its jwks_uri
 * Anything else is answered 404 and logged, so a change in MSAL shows up at once.
 */

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const ENTRA_TOKEN_LIFETIME_SECONDS = 3599;
export const CA_CERT_FILE_NAME = 'sandbox-authority-ca.pem';

/** Object id of the app registration's service principal (the `oid` of app-only tokens). */
const APP_SERVICE_PRINCIPAL_OBJECT_ID = '5a4db0c0-0000-4000-8000-0000000000e1';

export interface EntraAuthorityOptions {
  port: number;
  /** The certificate (PEM) is written here so processes started later can trust it. */
  stateDir: string;
  signer: TokenSigner;
  app: SandboxApp;
  stats: SandboxStats;
  log: (line: string) => void;
  /** Token faults armed through the control API; they apply to tokens for `liveAudience`. */
  tokenFaults?: TokenFaultBook;
  liveAudience?: string;
  /** The https certificate, when other sandbox servers share it (one CA to trust); else a new one. */
  certificate?: LoopbackCertificate;
  /** Signs caller tokens for the OC Numbers API; its public key is the JWKS. */
  callerTokens: CallerTokenIssuer;
}

export interface EntraAuthority {
  /** https://127.0.0.1:<port> — the value for `authorityHost`. */
  authorityHost: string;
  caCertPath: string;
  close(): Promise<void>;
}

interface TokenResponse {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

interface EntraError {
  status: number;
  error: string;
  code: number;
  description: string;
}

export async function startEntraAuthority(options: EntraAuthorityOptions): Promise<EntraAuthority> {
  const certificate = options.certificate ?? (await createLoopbackCertificate());
  await mkdir(options.stateDir, { recursive: true });
  const caCertPath = path.join(options.stateDir, CA_CERT_FILE_NAME);
  await writeFile(caCertPath, certificate.certPem, 'utf8');

  let authorityHost = '';
  const server = createServer({ cert: certificate.certPem, key: certificate.keyPem }, (req, res) => {
    handle(req, res, authorityHost, options).catch((error: unknown) => {
      options.log(`[sandbox authority] ${String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      else res.destroy();
    });
  });
  const destroySockets = trackSockets(server);
  const port = await listen(server, options.port);
  authorityHost = `https://127.0.0.1:${port}`;
  return { authorityHost, caCertPath, close: () => closeServer(server, destroySockets) };
}

async function handle(req: IncomingMessage, res: ServerResponse, authorityHost: string, options: EntraAuthorityOptions): Promise<void> {
  const url = requestUrl(req);
  const [, tenant, ...rest] = url.pathname.split('/');
  const route = `${req.method ?? 'GET'} /${rest.join('/')}`;

  if (route === 'GET /v2.0/.well-known/openid-configuration' && tenant) {
    if (!sameId(tenant, options.app.tenantId)) {
      sendEntraError(res, authorityHost, unknownTenant(tenant));
      return;
    }
    sendJson(res, 200, openIdConfiguration(authorityHost, options.app.tenantId));
    return;
  }
  if (route === 'GET /discovery/v2.0/keys' && tenant) {
    // Live Platform tokens are HS256 with a private key (never published); caller tokens are RS256.
    options.stats.jwksRequested();
    sendJson(res, 200, options.callerTokens.jwks());
    return;
  }
  if (route === 'POST /oauth2/v2.0/token' && tenant) {
    const form = new URLSearchParams(await readBody(req, 1024 * 1024));
    const outcome = issueToken(tenant, form, options);
    // A `hang` token fault: never answered; the socket stays open until the client gives up or the sandbox closes.
    if (outcome === 'hang') return;
    if (!('access_token' in outcome)) {
      sendEntraError(res, authorityHost, outcome);
      return;
    }
    options.stats.tokenIssued('entra');
    sendJson(res, 200, outcome, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    return;
  }
  options.log(`[sandbox authority] unknown request ${req.method ?? '?'} ${req.url ?? ''}`);
  sendJson(res, 404, { error: 'not_found', error_description: `No sandbox route for ${url.pathname}` });
}

function issueToken(tenant: string, form: URLSearchParams, options: EntraAuthorityOptions): EntraError | TokenResponse | 'hang' {
  const { app } = options;
  if (!sameId(tenant, app.tenantId)) return unknownTenant(tenant);

  const grantType = form.get('grant_type');
  if (grantType !== 'client_credentials') {
    return {
      status: 400,
      error: 'unsupported_grant_type',
      code: 70003,
      description: `The app requested an unsupported grant type '${grantType ?? ''}'.`,
    };
  }
  const clientId = form.get('client_id') ?? '';
  if (!sameId(clientId, app.clientId)) {
    return {
      status: 400,
      error: 'unauthorized_client',
      code: 700016,
      description: `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
    };
  }

  const credentialProblem = checkClientCredential(form, options);
  if (credentialProblem) return credentialProblem;

  // Client credentials take one `<resource>/.default`; MSAL may add OIDC scopes, which are ignored.
  const scopes = (form.get('scope') ?? '').split(' ').filter((s) => s !== '');
  const resourceScopes = scopes.filter((s) => !['openid', 'profile', 'offline_access'].includes(s));
  const scope = resourceScopes[0];
  if (resourceScopes.length !== 1 || scope === undefined || !scope.endsWith('/.default')) {
    return {
      status: 400,
      error: 'invalid_scope',
      code: 1002012,
      description: `The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    };
  }

  const resource = resourceFromScope(scope);
  const fault = resource === options.liveAudience ? options.tokenFaults?.take(clientId) : undefined;
  if (fault?.fault === 'hang') return 'hang';
  if (fault?.fault === '500') {
    return {
      status: 500,
      error: 'temporarily_unavailable',
      code: 90033,
      description: 'A transient error has occurred (sandbox token fault). Please try again.',
    };
  }
  const issuedAt = nowSeconds();
  const accessToken = options.signer.sign({
    aud: fault?.fault === 'wrongAudience' ? WRONG_TOKEN_AUDIENCE : resource,
    iss: `https://sts.windows.net/${app.tenantId}/`,
    sub: APP_SERVICE_PRINCIPAL_OBJECT_ID,
    oid: APP_SERVICE_PRINCIPAL_OBJECT_ID,
    appid: app.clientId,
    azp: app.clientId,
    tid: app.tenantId,
    idtyp: 'app',
    iat: issuedAt,
    nbf: issuedAt,
    // `expired`: the answer still reports the usual lifetime in expires_in.
    exp: fault?.fault === 'expired' ? issuedAt - EXPIRED_TOKEN_AGE_SECONDS : issuedAt + ENTRA_TOKEN_LIFETIME_SECONDS,
  });
  return {
    token_type: 'Bearer',
    expires_in: ENTRA_TOKEN_LIFETIME_SECONDS,
    ext_expires_in: ENTRA_TOKEN_LIFETIME_SECONDS,
    access_token: accessToken,
  };
}

/** A client secret, or a managed-identity token as federated client assertion. */
function checkClientCredential(form: URLSearchParams, options: EntraAuthorityOptions): EntraError | undefined {
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (secret === options.app.clientSecret) return undefined;
    return {
      status: 401,
      error: 'invalid_client',
      code: 7000215,
      description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${options.app.clientId}'.`,
    };
  }
  if (assertion === null) {
    return {
      status: 401,
      error: 'invalid_client',
      code: 7000218,
      description: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    };
  }
  if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
    return {
      status: 400,
      error: 'invalid_request',
      code: 90014,
      description: `The request body must contain the following parameter: 'client_assertion_type' = '${CLIENT_ASSERTION_TYPE}'.`,
    };
  }
  const verification = options.signer.verify(assertion, TOKEN_EXCHANGE_AUDIENCE);
  if (!verification.ok) return assertionRejected(verification.reason);
  if (verification.claims.sub !== MANAGED_IDENTITY_OBJECT_ID) {
    return {
      status: 401,
      error: 'invalid_client',
      code: 70021,
      description: `No matching federated identity record found for presented assertion subject '${verification.claims.sub}'.`,
    };
  }
  return undefined;
}

function assertionRejected(reason: TokenRejection): EntraError {
  const byReason: Record<TokenRejection, { code: number; description: string }> = {
    malformed: { code: 50027, description: 'JWT token is invalid or malformed.' },
    signature: { code: 50013, description: 'Assertion failed signature validation.' },
    expired: { code: 700024, description: 'Client assertion is not within its valid time range.' },
    'not-yet-valid': { code: 700024, description: 'Client assertion is not within its valid time range.' },
    audience: {
      code: 700212,
      description: `No matching federated identity record found for presented assertion audience. The audience must be '${TOKEN_EXCHANGE_AUDIENCE}'.`,
    },
  };
  return { status: 401, error: 'invalid_client', ...byReason[reason] };
}

function unknownTenant(tenant: string): EntraError {
  return {
    status: 400,
    error: 'invalid_request',
    code: 90002,
    description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  };
}

/** Entra's error body: AADSTS code, trace and correlation ids in the description and beside it. */
function sendEntraError(res: ServerResponse, authorityHost: string, problem: EntraError): void {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  sendJson(res, problem.status, {
    error: problem.error,
    error_description: `AADSTS${problem.code}: ${problem.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [problem.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${authorityHost}/error?code=${problem.code}`,
  });
}

function openIdConfiguration(authorityHost: string, tenantId: string): Record<string, unknown> {
  const base = `${authorityHost}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid'],
    tenant_region_scope: null,
    cloud_instance_name: 'sandbox.invalid',
    cloud_graph_host_name: 'graph.sandbox.invalid',
    msgraph_host: 'graph.sandbox.invalid',
  };
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
