import { randomUUID } from 'node:crypto';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { registerTenant, uniqueTenantId } from '../support/sandboxControl';
import { clearTokenFault, setTokenFault } from './support/sandboxTokenFaults';

/**
 * Finding 9 of the hardening review (issue 15), from the reliability work:
 * - with managed identity, a token the Live Platform refused was presented again until it
 *   expired: MSAL keeps managed-identity tokens in a process-wide cache, so even a new
 *   credential got the refused token back;
 * - after a 5xx from Entra, MSAL refuses the same token request for 60 s, while the app told
 *   callers `Retry-After: 30`, so a caller that obeyed got the same 503 again.
 */

type Problem = { type: string };
const lookup = (tenant: string) => invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers`, { params: { msTenantId: tenant } });

afterEach(() => clearTokenFault());

describe('Live Platform credentials after a failure', () => {
  test('managed identity: after the Live Platform refuses a token, the next lookup gets a new one', async () => {
    const clientId = randomUUID();
    useSettings({ LIVE_PLATFORM_AUTH: 'managed-identity', AZURE_CLIENT_ID: clientId, LIVE_PLATFORM_CACHE_SECONDS: '0', LIVE_PLATFORM_RATE_LIMIT: '1000' });
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 2 });
    await setTokenFault({ fault: 'expired', clientId, times: 1 });

    const refused = await lookup(tenant);
    expect(refused.status).toBe(502);
    expect(refused.json<Problem>().type).toBe('urn:oc-numbers:problem:upstream-credentials-rejected');
    expect((await lookup(tenant)).status).toBe(200);
  });

  test('client secret: after an Entra 5xx, Retry-After covers the time MSAL will not ask again', async () => {
    useSettings({ LIVE_PLATFORM_AUTH: 'client-secret', LIVE_PLATFORM_CACHE_SECONDS: '0', LIVE_PLATFORM_RATE_LIMIT: '1000' });
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 2 });
    // Until cleared: the credential's HTTP client retries a 5xx by itself.
    await setTokenFault({ fault: '500', clientId: process.env['LIVE_PLATFORM_CLIENT_ID'] as string });
    const failed = await lookup(tenant);
    await clearTokenFault();
    expect(failed.status).toBe(503);
    expect(failed.json<Problem>().type).toBe('urn:oc-numbers:problem:token-unavailable');
    expect(failed.headers.get('retry-after')).toBe('60');
    // Entra is well again, but MSAL still throttles the request: the promised wait was needed.
    const throttled = await lookup(tenant);
    expect(throttled.status).toBe(503);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(30);
    expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });
});
