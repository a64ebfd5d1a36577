import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { routeCatalog } from '../../shared/api/routeCatalog';
import type { ApiRoute } from '../../shared/api/apiRoute';
import { useSettings } from '../support/appState';
import { CALLER_API_AUDIENCE, callerToken, useEntraSettings, type CallerTokenRequest } from '../support/callerTokens';
import { invokeHttp, type InvokeResult } from '../support/invokeHttp';
import { loadFunctionApp } from '../support/loadFunctionApp';
import { getStats, getTotals, registerTenant, uniqueTenantId } from '../support/sandboxControl';
import { SANDBOX_DIRECTORY_TENANT_ID } from '../../sandbox/identities';

// CALLER_AUTH=entra against the sandbox's Entra stand-in: real RS256 tokens, real OpenID metadata
// and JWKS over https, validated by the app with jose. Nothing here is mocked.

// Loaded before any test sets CALLER_AUTH: the host registered the routes in function-key mode, and
// the app follows the setting per request (the host-contract tests cover registration in entra mode).
loadFunctionApp();

const protectedRoutes = routeCatalog.filter((route) => route.authLevel === 'function');
const publicRoutes = routeCatalog.filter((route) => route.authLevel === 'anonymous');
const roleOf = (route: ApiRoute) => (route.method === 'GET' ? 'Numbers.Read' : 'Snapshots.Request');

/** Calls a catalog route the way a client would: its path parameters filled in, no function key. */
function call(route: ApiRoute, tenant: string, headers: Record<string, string> = {}): Promise<InvokeResult> {
  const params: Record<string, string> = {};
  const path = route.route.replace(/\{(\w+)\}/g, (_match, name: string) => {
    params[name] = name === 'msTenantId' ? tenant : name === 'telephoneNumber' ? '+15550100001' : 'x';
    return encodeURIComponent(params[name] as string);
  });
  return invokeHttp(route.name, path, { method: route.method, params, headers });
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeEach(() => useEntraSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000' }));
afterAll(() => useSettings());

const rejectedTokens: [string, CallerTokenRequest][] = [
  ['an expired token', { fault: 'expired', roles: ['Numbers.Read', 'Snapshots.Request'] }],
  ['a token not valid yet', { fault: 'notYetValid', roles: ['Numbers.Read', 'Snapshots.Request'] }],
  ['a token for another audience', { fault: 'wrongAudience', roles: ['Numbers.Read', 'Snapshots.Request'] }],
  ['a token of another issuer', { fault: 'wrongIssuer', roles: ['Numbers.Read', 'Snapshots.Request'] }],
  ['an alg:none token', { fault: 'algNone', roles: ['Numbers.Read', 'Snapshots.Request'] }],
  ['an HS256 token signed with the public key', { fault: 'hs256PublicKey', roles: ['Numbers.Read', 'Snapshots.Request'] }],
  ['a token under an unknown key id', { fault: 'unknownKid', roles: ['Numbers.Read', 'Snapshots.Request'] }],
  ['a token signed by another key under the known key id', { fault: 'foreignKey', roles: ['Numbers.Read', 'Snapshots.Request'] }],
];

describe.each(protectedRoutes.map((route) => [route.name, route] as const))('CALLER_AUTH=entra: %s', (_name, route) => {
  let tenant: string;
  beforeAll(async () => {
    tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 2 });
  });

  test('no token: 401 with the Bearer challenge, and nothing reaches the Live Platform', async () => {
    const response = await call(route, tenant);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer authorization_uri="${process.env['LIVE_PLATFORM_AUTHORITY_HOST']}/${SANDBOX_DIRECTORY_TENANT_ID}/oauth2/v2.0/authorize", resource_id="${CALLER_API_AUDIENCE}"`,
    );
    expect(response.json()['detail']).toBe('This route needs an Entra ID access token for this API in the Authorization header (scheme Bearer).');
  });

  test.each(rejectedTokens)('%s: 401, the token never echoed', async (_label, request) => {
    const token = await callerToken(request);
    const response = await call(route, tenant, bearer(token));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri="[^"]+", resource_id="[^"]+"$/);
    expect(response.body).not.toContain(token.split('.')[1]);
    expect(response.logs.join('\n')).not.toContain(token.split('.')[1]);
  });

  test('a valid token without the role: 403 naming the role', async () => {
    const other = route.method === 'GET' ? 'Snapshots.Request' : 'Numbers.Read';
    const response = await call(route, tenant, bearer(await callerToken({ roles: [other, 'Snapshots.Force'] })));
    expect(response.status).toBe(403);
    expect(response.json()['detail']).toBe(`The caller's token does not carry the app role ${roleOf(route)}.`);
  });

  test('rejected and role-less requests made no upstream call', async () => {
    expect((await getStats(tenant)).calls).toBe(0);
  });

  test('a valid token with the role: through to the route (v2 and v1 issuers)', async () => {
    for (const version of [2, 1] as const) {
      const response = await call(route, tenant, bearer(await callerToken({ roles: [roleOf(route)], version })));
      expect({ version, passed: ![401, 403].includes(response.status) && response.status < 500 }).toEqual({ version, passed: true });
    }
  });
});

describe('CALLER_AUTH=entra across routes', () => {
  test('x-ms-client-principal headers are never trusted', async () => {
    const principal = Buffer.from(JSON.stringify({ auth_typ: 'aad', claims: [{ typ: 'roles', val: 'Numbers.Read' }] })).toString('base64');
    const response = await call(protectedRoutes[0] as ApiRoute, uniqueTenantId(), {
      'x-ms-client-principal': principal,
      'x-ms-client-principal-id': '00000000-0000-0000-0000-000000000001',
      'x-ms-client-principal-name': 'admin@contoso.com',
      'x-ms-client-principal-idp': 'aad',
    });
    expect(response.status).toBe(401);
  });

  test('a token in the query string or another scheme is not a bearer token', async () => {
    const token = await callerToken({ roles: ['Numbers.Read'] });
    expect((await invokeHttp('listSnapshotRuns', `snapshot-runs?access_token=${token}`)).status).toBe(401);
    expect((await invokeHttp('listSnapshotRuns', 'snapshot-runs', { headers: { Authorization: `Basic ${token}` } })).status).toBe(401);
  });

  test('forgeries made here, with keys the sandbox never published, are refused too', async () => {
    const claims = {
      aud: CALLER_API_AUDIENCE,
      iss: `${process.env['LIVE_PLATFORM_AUTHORITY_HOST']}/${SANDBOX_DIRECTORY_TENANT_ID}/v2.0`,
      oid: 'x',
      roles: ['Numbers.Read'],
    };
    const now = Math.floor(Date.now() / 1000);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const noKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);
    const embeddedJwk = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', jwk: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as never })
      .setExpirationTime(now + 600)
      .sign(privateKey);
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ ...claims, exp: now + 600 })).toString('base64url');
    const hmacEmpty = `${header}.${body}.${createHmac('sha256', '').update(`${header}.${body}`).digest('base64url')}`;
    for (const token of [noKid, embeddedJwk, hmacEmpty, 'not-a-jwt', `${header}.${body}`, 'a.b.c', '']) {
      const response = await invokeHttp('listSnapshotRuns', 'snapshot-runs', { headers: bearer(token) });
      expect({ token: token.slice(0, 20), status: response.status }).toEqual({ token: token.slice(0, 20), status: 401 });
    }
  });

  test('an unknown key id refetches the JWKS at most once a minute', async () => {
    await call(protectedRoutes[0] as ApiRoute, uniqueTenantId(), bearer(await callerToken({ roles: ['Numbers.Read'] })));
    const before = (await getTotals()).jwksRequests;
    for (let i = 0; i < 10; i++) {
      expect(
        (await invokeHttp('listSnapshotRuns', 'snapshot-runs', { headers: bearer(await callerToken({ fault: 'unknownKid', roles: ['Numbers.Read'] })) }))
          .status,
      ).toBe(401);
    }
    expect((await getTotals()).jwksRequests - before).toBeLessThanOrEqual(1);
  });

  test('health and the API documents need no token', async () => {
    for (const route of publicRoutes) {
      const response = await call(route, uniqueTenantId());
      expect({ name: route.name, status: response.status }).toEqual({ name: route.name, status: 200 });
    }
  });

  test.each([
    ['CALLER_TENANT_ID', { CALLER_TENANT_ID: undefined }],
    ['CALLER_AUDIENCE', { CALLER_AUDIENCE: undefined }],
    ['CALLER_AUTH', { CALLER_AUTH: 'Entra' }],
  ])('misconfigured (%s): every protected route answers 500 naming the setting; health still answers', async (setting, overrides) => {
    useEntraSettings(overrides);
    const token = await callerToken({ roles: ['Numbers.Read', 'Snapshots.Request'] });
    for (const route of protectedRoutes) {
      const response = await call(route, uniqueTenantId(), bearer(token));
      expect({ name: route.name, status: response.status }).toEqual({ name: route.name, status: 500 });
      expect(response.json()['detail']).toContain(setting);
    }
    expect((await invokeHttp('health', 'health')).status).toBe(200);
  });

  test('an authority whose metadata names another issuer: 500 naming CALLER_AUTHORITY_HOST', async () => {
    // The sandbox answers metadata only for its directory tenant; a v1 host spelled differently is a mismatch.
    useEntraSettings({ CALLER_AUTHORITY_HOST: (process.env['LIVE_PLATFORM_AUTHORITY_HOST'] as string).replace('127.0.0.1', 'localhost') });
    const response = await invokeHttp('listSnapshotRuns', 'snapshot-runs', { headers: bearer(await callerToken({ roles: ['Numbers.Read'] })) });
    expect(response.status).toBe(500);
    expect(response.json()['detail']).toContain('CALLER_AUTHORITY_HOST');
  });

  test('an authority that cannot be reached: 503 with Retry-After, not 401 and not open', async () => {
    useEntraSettings({ CALLER_AUTHORITY_HOST: 'https://127.0.0.1:9' });
    const response = await invokeHttp('listSnapshotRuns', 'snapshot-runs', { headers: bearer(await callerToken({ roles: ['Numbers.Read'] })) });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('10');
  });
});

describe('the force right', () => {
  const snapshot = (tenant: string, headers: Record<string, string> = {}) =>
    invokeHttp('requestTenantSnapshot', `tenants/${tenant}/snapshots?force=true`, { method: 'POST', params: { msTenantId: tenant }, headers });

  test('entra: force=true needs Snapshots.Force as well', async () => {
    const without = await snapshot(uniqueTenantId(), bearer(await callerToken({ roles: ['Snapshots.Request'] })));
    expect(without.status).toBe(403);
    expect(without.json()['detail']).toContain('Snapshots.Force');
    const withForce = await snapshot(uniqueTenantId(), bearer(await callerToken({ roles: ['Snapshots.Request', 'Snapshots.Force'] })));
    expect(withForce.status).toBe(202);
  });

  test('entra: Snapshots.Force alone does not request a snapshot', async () => {
    expect((await snapshot(uniqueTenantId(), bearer(await callerToken({ roles: ['Snapshots.Force'] })))).status).toBe(403);
  });

  test('function-key: force=true is refused unless SNAPSHOT_FORCE_WITH_KEY=true', async () => {
    useSettings();
    const refused = await snapshot(uniqueTenantId());
    expect(refused.status).toBe(403);
    expect(refused.json()['detail']).toContain('SNAPSHOT_FORCE_WITH_KEY');
    useSettings({ SNAPSHOT_FORCE_WITH_KEY: 'true' });
    expect((await snapshot(uniqueTenantId())).status).toBe(202);
  });

  test('function-key: no token needed, and a bearer token changes nothing', async () => {
    useSettings();
    expect((await invokeHttp('listSnapshotRuns', 'snapshot-runs')).status).toBe(200);
    expect((await invokeHttp('listSnapshotRuns', 'snapshot-runs', { headers: bearer('forged.token.here') })).status).toBe(200);
  });
});
