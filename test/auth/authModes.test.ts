import { ManagedIdentityCredential, type AccessToken, type TokenCredential } from '@azure/identity';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { getStats, registerTenant, uniqueTenantId } from '../support/sandboxControl';
import { LiveTokenSource } from '../../shared/auth/liveTokenSource';

// The real @azure/identity credentials run against the sandbox: its App Service style managed identity
// endpoint (IDENTITY_ENDPOINT/IDENTITY_HEADER) and its https Entra stand-in (LIVE_PLATFORM_AUTHORITY_HOST,
// trusted through NODE_EXTRA_CA_CERTS). The sandbox Live Platform verifies every token it receives.
const modes = ['managed-identity', 'federated', 'client-secret', 'default'] as const;

describe('Live Platform tokens in every LIVE_PLATFORM_AUTH mode', () => {
  it.each(modes)('%s: the sandbox accepts the token and answers the numbers', async (mode) => {
    useSettings({ LIVE_PLATFORM_AUTH: mode, LIVE_PLATFORM_CACHE_SECONDS: '0' });
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 3 });
    const response = await invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers`, { params: { msTenantId: tenant } });
    expect(response.status).toBe(200);
    expect(response.json()['total']).toBe(3);
    expect((await getStats(tenant)).lastRequest?.headers['authorization']).toBe(true);
  });

  it('federated mode needs the app registration ids and says so by name', async () => {
    useSettings({ LIVE_PLATFORM_AUTH: 'federated', LIVE_PLATFORM_CLIENT_ID: undefined });
    const response = await invokeHttp('getTenantNumbers', `tenants/${uniqueTenantId()}/numbers`, { params: { msTenantId: uniqueTenantId() } });
    expect(response.status).toBe(500);
    expect(response.json()['detail']).toContain('LIVE_PLATFORM_CLIENT_ID is required when LIVE_PLATFORM_AUTH is federated');
  });
});

describe('token reuse', () => {
  function counting(credential: TokenCredential): { credential: TokenCredential; calls: () => number } {
    let calls = 0;
    return {
      credential: { getToken: async (scopes, options) => (calls++, credential.getToken(scopes, options)) },
      calls: () => calls,
    };
  }

  it('asks the credential once for many concurrent and later requests while the token is fresh', async () => {
    const wrapped = counting(new ManagedIdentityCredential());
    const source = new LiveTokenSource(wrapped.credential, process.env['LIVE_PLATFORM_SCOPE'] as string, 'managed-identity');
    const tokens = await Promise.all(Array.from({ length: 20 }, () => source.getToken()));
    tokens.push(await source.getToken());
    expect(new Set(tokens).size).toBe(1);
    expect(wrapped.calls()).toBe(1);
  });

  it('refreshes a token that is about to expire', async () => {
    let issued = 0;
    const nearlyExpired: TokenCredential = {
      getToken: async (): Promise<AccessToken> => ({ token: `t${++issued}`, expiresOnTimestamp: Date.now() + 60_000 }),
    };
    const source = new LiveTokenSource(nearlyExpired, 'api://x/.default', 'managed-identity');
    expect(await source.getToken()).toBe('t1');
    expect(await source.getToken()).toBe('t2');
  });
});
