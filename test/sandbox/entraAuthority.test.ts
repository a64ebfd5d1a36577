import { ClientAssertionCredential, ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import { decodeClaimsUnverified } from '../../sandbox/tokens';
import { LIVE_PLATFORM_AUDIENCE, MODERN_TENANT_ID, TOKEN_EXCHANGE_AUDIENCE, getTotals, liveNumbersUrl, mintToken } from '../support/sandboxControl';

const SCOPE = `${LIVE_PLATFORM_AUDIENCE}/.default`;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set by globalSetup`);
  return value;
}

const authority = (): { authorityHost: string; disableInstanceDiscovery: true } => ({
  authorityHost: env('LIVE_PLATFORM_AUTHORITY_HOST'),
  disableInstanceDiscovery: true,
});

async function liveStatus(token: string): Promise<number> {
  return (await fetch(liveNumbersUrl(MODERN_TENANT_ID), { headers: { Authorization: `Bearer ${token}` } })).status;
}

describe('sandbox Entra authority', () => {
  it('issues a Live Platform token to the real ClientSecretCredential', async () => {
    const before = (await getTotals()).tokenRequests.entra;
    const credential = new ClientSecretCredential(
      env('LIVE_PLATFORM_TENANT_ID'),
      env('LIVE_PLATFORM_CLIENT_ID'),
      env('LIVE_PLATFORM_CLIENT_SECRET'),
      authority(),
    );
    const token = await credential.getToken(SCOPE);

    expect(decodeClaimsUnverified(token.token)).toMatchObject({
      aud: LIVE_PLATFORM_AUDIENCE,
      appid: env('LIVE_PLATFORM_CLIENT_ID'),
      tid: env('LIVE_PLATFORM_TENANT_ID'),
    });
    expect(token.expiresOnTimestamp - Date.now()).toBeGreaterThan(55 * 60 * 1000);
    expect(await liveStatus(token.token)).toBe(200);
    expect((await getTotals()).tokenRequests.entra).toBeGreaterThan(before);
  });

  it('rejects a wrong client secret the way Entra does (AADSTS7000215)', async () => {
    const credential = new ClientSecretCredential(env('LIVE_PLATFORM_TENANT_ID'), env('LIVE_PLATFORM_CLIENT_ID'), 'wrong-secret', authority());
    await expect(credential.getToken(SCOPE)).rejects.toThrow(/AADSTS7000215/);
  });

  it('accepts a managed-identity token for api://AzureADTokenExchange as client assertion', async () => {
    const managedIdentity = new ManagedIdentityCredential();
    const credential = new ClientAssertionCredential(
      env('LIVE_PLATFORM_TENANT_ID'),
      env('LIVE_PLATFORM_CLIENT_ID'),
      async () => (await managedIdentity.getToken(`${TOKEN_EXCHANGE_AUDIENCE}/.default`)).token,
      authority(),
    );
    const token = await credential.getToken(SCOPE);
    expect(decodeClaimsUnverified(token.token)).toMatchObject({ aud: LIVE_PLATFORM_AUDIENCE, appid: env('LIVE_PLATFORM_CLIENT_ID') });
    expect(await liveStatus(token.token)).toBe(200);
  });

  it('rejects a client assertion minted for another audience (AADSTS700212)', async () => {
    const managedIdentity = new ManagedIdentityCredential();
    const credential = new ClientAssertionCredential(
      env('LIVE_PLATFORM_TENANT_ID'),
      env('LIVE_PLATFORM_CLIENT_ID'),
      async () => (await managedIdentity.getToken(SCOPE)).token,
      authority(),
    );
    await expect(credential.getToken(SCOPE)).rejects.toThrow(/AADSTS700212/);
  });

  it('rejects an expired or forged client assertion', async () => {
    const expired = await mintToken({ expiresInSeconds: -30, claims: { aud: TOKEN_EXCHANGE_AUDIENCE } });
    const valid = await mintToken({ claims: { aud: TOKEN_EXCHANGE_AUDIENCE } });
    const [header, payload] = valid.split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(32, 1).toString('base64url')}`;

    const withAssertion = (assertion: string): ClientAssertionCredential =>
      new ClientAssertionCredential(env('LIVE_PLATFORM_TENANT_ID'), env('LIVE_PLATFORM_CLIENT_ID'), async () => assertion, authority());
    await expect(withAssertion(expired).getToken(SCOPE)).rejects.toThrow(/AADSTS700024/);
    await expect(withAssertion(forged).getToken(SCOPE)).rejects.toThrow(/AADSTS50013/);
  });

  it('publishes OpenID metadata that points back at itself', async () => {
    const host = env('LIVE_PLATFORM_AUTHORITY_HOST');
    const tenant = env('LIVE_PLATFORM_TENANT_ID');
    const response = await fetch(`${host}/${tenant}/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      issuer: `${host}/${tenant}/v2.0`,
      token_endpoint: `${host}/${tenant}/oauth2/v2.0/token`,
      authorization_endpoint: `${host}/${tenant}/oauth2/v2.0/authorize`,
      jwks_uri: `${host}/${tenant}/discovery/v2.0/keys`,
    });
  });

  it('answers an unknown tenant and an unknown client like Entra (400 with AADSTS codes)', async () => {
    const host = env('LIVE_PLATFORM_AUTHORITY_HOST');
    const form = (clientId: string): URLSearchParams =>
      new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, scope: SCOPE, client_secret: env('LIVE_PLATFORM_CLIENT_SECRET') });

    const unknownTenant = await fetch(`${host}/00000000-0000-4000-8000-000000000000/oauth2/v2.0/token`, {
      method: 'POST',
      body: form(env('LIVE_PLATFORM_CLIENT_ID')),
    });
    const unknownClient = await fetch(`${host}/${env('LIVE_PLATFORM_TENANT_ID')}/oauth2/v2.0/token`, {
      method: 'POST',
      body: form('00000000-0000-4000-8000-000000000001'),
    });
    expect(unknownTenant.status).toBe(400);
    expect(await unknownTenant.json()).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.json()).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
  });

  it('answers a wrong secret with 401 invalid_client and no token', async () => {
    const response = await fetch(`${env('LIVE_PLATFORM_AUTHORITY_HOST')}/${env('LIVE_PLATFORM_TENANT_ID')}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: env('LIVE_PLATFORM_CLIENT_ID'),
        scope: SCOPE,
        client_secret: 'nope',
      }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(body['access_token']).toBeUndefined();
  });
});
