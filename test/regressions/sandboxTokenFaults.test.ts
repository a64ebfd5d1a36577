import { randomUUID } from 'node:crypto';
import { controlUrl, LIVE_PLATFORM_AUDIENCE, liveNumbersUrl, registerTenant, uniqueTenantId } from '../support/sandboxControl';
import { clearTokenFault, setTokenFault, WRONG_TOKEN_AUDIENCE } from './support/sandboxTokenFaults';

/**
 * The sandbox's token faults (added for npm run chaos): the token endpoints hand out tokens the
 * Live Platform refuses, fail, or never answer. Every fault here is scoped to a client id of its
 * own, so the other jest workers sharing the sandbox never meet it.
 */

function managedIdentityUrl(clientId: string, resource = LIVE_PLATFORM_AUDIENCE): URL {
  const url = new URL(process.env['IDENTITY_ENDPOINT'] as string);
  url.searchParams.set('api-version', '2019-08-01');
  url.searchParams.set('resource', resource);
  url.searchParams.set('client_id', clientId);
  return url;
}

async function managedIdentityToken(clientId: string, resource?: string): Promise<{ status: number; token?: string; expiresOn?: number }> {
  const response = await fetch(managedIdentityUrl(clientId, resource), {
    headers: { 'X-IDENTITY-HEADER': process.env['IDENTITY_HEADER'] as string },
    signal: AbortSignal.timeout(2000),
  });
  if (!response.ok) return { status: response.status };
  const body = (await response.json()) as { access_token: string; expires_on: string };
  return { status: response.status, token: body.access_token, expiresOn: Number(body.expires_on) };
}

async function liveAnswer(token: string): Promise<{ status: number; reason?: string }> {
  const tenant = uniqueTenantId();
  await registerTenant(tenant, { count: 1 });
  const response = await fetch(liveNumbersUrl(tenant), { headers: { Authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { reason?: string };
  return { status: response.status, ...(body.reason ? { reason: body.reason } : {}) };
}

afterAll(() => clearTokenFault());

describe('sandbox token faults', () => {
  test('expired: the endpoint reports the usual lifetime, the Live Platform refuses the token as expired', async () => {
    const clientId = randomUUID();
    await setTokenFault({ fault: 'expired', clientId, times: 1 });
    const issued = await managedIdentityToken(clientId);
    expect(issued.status).toBe(200);
    expect((issued.expiresOn ?? 0) * 1000).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(await liveAnswer(issued.token as string)).toEqual({ status: 401, reason: 'expired' });
    // times: 1 — the next token is good again.
    expect((await liveAnswer((await managedIdentityToken(clientId)).token as string)).status).toBe(200);
  });

  test('wrongAudience: a token for another resource, refused for its audience', async () => {
    const clientId = randomUUID();
    await setTokenFault({ fault: 'wrongAudience', clientId });
    const issued = await managedIdentityToken(clientId);
    const claims = JSON.parse(Buffer.from((issued.token as string).split('.')[1] as string, 'base64url').toString('utf8')) as { aud: string };
    expect(claims.aud).toBe(WRONG_TOKEN_AUDIENCE);
    expect(await liveAnswer(issued.token as string)).toEqual({ status: 401, reason: 'audience' });
    await clearTokenFault();
  });

  test('500 and hang: no token at all', async () => {
    const clientId = randomUUID();
    await setTokenFault({ fault: '500', clientId, times: 1 });
    expect((await managedIdentityToken(clientId)).status).toBe(500);
    await setTokenFault({ fault: 'hang', clientId, times: 1 });
    await expect(managedIdentityToken(clientId)).rejects.toThrow(/abort|timeout/i);
    expect((await managedIdentityToken(clientId)).status).toBe(200);
  });

  test('a fault applies only to its client id and to Live Platform tokens', async () => {
    const clientId = randomUUID();
    await setTokenFault({ fault: '500', clientId });
    expect((await managedIdentityToken(randomUUID())).status).toBe(200);
    expect((await managedIdentityToken(clientId, 'api://AzureADTokenExchange')).status).toBe(200);
    expect((await managedIdentityToken(clientId)).status).toBe(500);
    await clearTokenFault();
    expect((await managedIdentityToken(clientId)).status).toBe(200);
  });

  test('the control API refuses a malformed fault', async () => {
    const put = (body: unknown) => fetch(`${controlUrl()}/_sandbox/token-faults`, { method: 'PUT', body: JSON.stringify(body) });
    expect((await put({ fault: 'sometimes' })).status).toBe(400);
    expect((await put({ fault: 'expired', times: 0 })).status).toBe(400);
    expect((await put({ fault: 'expired', clientId: '' })).status).toBe(400);
  });
});
