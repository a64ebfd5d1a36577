import { ManagedIdentityCredential } from '@azure/identity';
import { decodeClaimsUnverified } from '../../sandbox/tokens';
import {
  LIVE_PLATFORM_AUDIENCE,
  MANAGED_IDENTITY_CLIENT_ID,
  MANAGED_IDENTITY_OBJECT_ID,
  MODERN_TENANT_ID,
  getTotals,
  liveNumbersUrl,
} from '../support/sandboxControl';

const SCOPE = `${LIVE_PLATFORM_AUDIENCE}/.default`;

function endpoint(query: Record<string, string>): URL {
  const url = new URL(process.env['IDENTITY_ENDPOINT'] ?? '');
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

const header = (): Record<string, string> => ({ 'X-IDENTITY-HEADER': process.env['IDENTITY_HEADER'] ?? '' });

describe('sandbox managed identity endpoint (App Service protocol)', () => {
  it('gives the real ManagedIdentityCredential a token the Live Platform accepts', async () => {
    const before = (await getTotals()).tokenRequests.managedIdentity;
    const token = await new ManagedIdentityCredential().getToken(SCOPE);

    expect(token.expiresOnTimestamp - Date.now()).toBeGreaterThan(55 * 60 * 1000);
    const claims = decodeClaimsUnverified(token.token);
    expect(claims).toMatchObject({ aud: LIVE_PLATFORM_AUDIENCE, oid: MANAGED_IDENTITY_OBJECT_ID, appid: MANAGED_IDENTITY_CLIENT_ID });
    expect((await getTotals()).tokenRequests.managedIdentity).toBeGreaterThan(before);

    const response = await fetch(liveNumbersUrl(MODERN_TENANT_ID), { headers: { Authorization: `Bearer ${token.token}` } });
    expect(response.status).toBe(200);
  });

  it('puts a user-assigned client id into the token as appid', async () => {
    const clientId = 'abcdef01-2345-4678-89ab-cdef01234567';
    const token = await new ManagedIdentityCredential({ clientId }).getToken('api://AzureADTokenExchange/.default');
    expect(decodeClaimsUnverified(token.token)).toMatchObject({ aud: 'api://AzureADTokenExchange', appid: clientId });
  });

  it('answers the documented 2019-08-01 shape with expires_on as a string of epoch seconds', async () => {
    const response = await fetch(endpoint({ 'api-version': '2019-08-01', resource: `${LIVE_PLATFORM_AUDIENCE}/.default` }), { headers: header() });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', resource: LIVE_PLATFORM_AUDIENCE, client_id: MANAGED_IDENTITY_CLIENT_ID });
    expect(body['expires_on']).toMatch(/^\d{10}$/);
    // A raw caller that keeps /.default still gets a token for the bare resource.
    expect(decodeClaimsUnverified(String(body['access_token']))?.['aud']).toBe(LIVE_PLATFORM_AUDIENCE);
  });

  it('refuses a missing or wrong X-IDENTITY-HEADER with 401 JSON', async () => {
    const query = { 'api-version': '2019-08-01', resource: LIVE_PLATFORM_AUDIENCE };
    const missing = await fetch(endpoint(query));
    const wrong = await fetch(endpoint(query), { headers: { 'X-IDENTITY-HEADER': 'not-the-secret' } });
    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ statusCode: 401 });
  });

  it('refuses another api-version, a missing resource and unknown parameters with 400', async () => {
    const oldVersion = await fetch(endpoint({ 'api-version': '2017-09-01', resource: LIVE_PLATFORM_AUDIENCE }), { headers: header() });
    const noResource = await fetch(endpoint({ 'api-version': '2019-08-01' }), { headers: header() });
    const unknown = await fetch(endpoint({ 'api-version': '2019-08-01', resource: LIVE_PLATFORM_AUDIENCE, principal_id: 'x' }), {
      headers: header(),
    });
    expect([oldVersion.status, noResource.status, unknown.status]).toEqual([400, 400, 400]);
    expect(((await unknown.json()) as { message: string }).message).toContain('principal_id');
  });
});
