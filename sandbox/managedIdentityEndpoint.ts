import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http';
import { MANAGED_IDENTITY_CLIENT_ID, MANAGED_IDENTITY_OBJECT_ID } from './identities';
import type { SandboxStats } from './stats';
import { EXPIRED_TOKEN_AGE_SECONDS, WRONG_TOKEN_AUDIENCE, type TokenFaultBook } from './tokenFaults';
import { nowSeconds, resourceFromScope, type TokenSigner } from './tokens';

/**
 * The App Service managed identity endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER), as
 * @azure/msal-node 3.x's AppService source calls it:
 *   GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=<resource>[&client_id|object_id|mi_res_id=<id>]
 *   header X-IDENTITY-HEADER: <IDENTITY_HEADER>
 * MSAL also sends `Content-Type: application/x-www-form-urlencoded` (on a GET without body)
 * and `x-ms-client-request-id`. @azure/identity strips `/.default` from the scope before MSAL
 * sees it; a raw caller may not, so it is stripped here too.
 */

export const MANAGED_IDENTITY_API_VERSION = '2019-08-01';
export const MANAGED_IDENTITY_PATH = '/msi/token';
export const TOKEN_LIFETIME_SECONDS = 3600;

/** Everything MSAL may put in the query; anything else is refused so protocol drift shows up. */
const KNOWN_PARAMETERS = new Set([
  'api-version',
  'resource',
  'client_id',
  'object_id',
  'mi_res_id',
  'xms_cc', // client capabilities
  'token_sha256_to_refresh', // claims challenge / revoked token refresh
]);

export interface ManagedIdentityEndpointOptions {
  signer: TokenSigner;
  identityHeader: string;
  /** The tenant the managed identity lives in (token `tid`, issuer). */
  directoryTenantId: string;
  stats: SandboxStats;
  /** Token faults armed through the control API; they apply to tokens for `liveAudience`. */
  tokenFaults?: TokenFaultBook;
  liveAudience?: string;
}

function fail(res: ServerResponse, status: number, error: string, message: string): void {
  // App Service answers `{ statusCode, message, correlationId }`; `error` lets MSAL name the failure.
  sendJson(res, status, { statusCode: status, error, message, correlationId: randomUUID() });
}

export function handleManagedIdentityRequest(req: IncomingMessage, res: ServerResponse, url: URL, options: ManagedIdentityEndpointOptions): void {
  if (req.method !== 'GET') {
    fail(res, 405, 'method_not_allowed', 'Only GET is supported.');
    return;
  }
  if (req.headers['x-identity-header'] !== options.identityHeader) {
    fail(res, 401, 'unauthorized', 'The X-IDENTITY-HEADER header is missing or wrong.');
    return;
  }
  const unknown = [...url.searchParams.keys()].filter((name) => !KNOWN_PARAMETERS.has(name));
  if (unknown.length > 0) {
    fail(res, 400, 'invalid_request', `Unknown query parameter(s): ${unknown.join(', ')}.`);
    return;
  }
  if (url.searchParams.get('api-version') !== MANAGED_IDENTITY_API_VERSION) {
    fail(res, 400, 'invalid_request', `api-version must be ${MANAGED_IDENTITY_API_VERSION}.`);
    return;
  }
  const resourceParameter = url.searchParams.get('resource');
  if (!resourceParameter) {
    fail(res, 400, 'invalid_request', 'The resource query parameter is required.');
    return;
  }

  const resource = resourceFromScope(resourceParameter);
  const clientId = url.searchParams.get('client_id') ?? MANAGED_IDENTITY_CLIENT_ID;
  const fault = resource === options.liveAudience ? options.tokenFaults?.take(clientId) : undefined;
  if (fault?.fault === '500') {
    fail(res, 500, 'server_error', 'The managed identity endpoint failed (sandbox token fault).');
    return;
  }
  // Never answered: the socket stays open until the client gives up or the sandbox closes.
  if (fault?.fault === 'hang') return;
  const issuedAt = nowSeconds();
  const expiresOn = issuedAt + TOKEN_LIFETIME_SECONDS;
  const accessToken = options.signer.sign({
    aud: fault?.fault === 'wrongAudience' ? WRONG_TOKEN_AUDIENCE : resource,
    iss: `https://sts.windows.net/${options.directoryTenantId}/`,
    sub: MANAGED_IDENTITY_OBJECT_ID,
    oid: MANAGED_IDENTITY_OBJECT_ID,
    appid: clientId,
    tid: options.directoryTenantId,
    idtyp: 'app',
    iat: issuedAt,
    nbf: issuedAt,
    // `expired`: the endpoint still reports the usual lifetime in expires_on.
    exp: fault?.fault === 'expired' ? issuedAt - EXPIRED_TOKEN_AGE_SECONDS : expiresOn,
  });
  options.stats.tokenIssued('managedIdentity');
  sendJson(res, 200, {
    access_token: accessToken,
    expires_on: String(expiresOn),
    resource,
    token_type: 'Bearer',
    client_id: clientId,
  });
}
