import { useSettings } from '../support/appState';
import { invokeHttp, testFunctionKey, type InvokeResult } from '../support/invokeHttp';
import { registerTenant, setFault, uniqueTenantId } from '../support/sandboxControl';

// The values that must never surface: the identity header, the client secret, the function key,
// and any token (every sandbox token is a JWT, so any "eyJ…" string is one).
const secrets = () => [process.env['IDENTITY_HEADER'] as string, process.env['LIVE_PLATFORM_CLIENT_SECRET'] as string, testFunctionKey];
const jwtShape = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/;

function expectClean(results: InvokeResult[]): void {
  const everything = results.map((r) => `${r.status} ${JSON.stringify(Object.fromEntries(r.headers))} ${r.body}\n${r.logs.join('\n')}`).join('\n');
  for (const secret of secrets()) expect(everything).not.toContain(secret);
  expect(everything).not.toMatch(jwtShape);
  expect(everything).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('no secret in any response or log line', () => {
  it.each(['managed-identity', 'federated', 'client-secret'] as const)('%s: successes and every kind of failure stay clean', async (mode) => {
    useSettings({ LIVE_PLATFORM_AUTH: mode, LIVE_PLATFORM_CACHE_SECONDS: '0', LIVE_PLATFORM_TIMEOUT_MS: '1500', LIVE_PLATFORM_RETRIES: '1' });
    const results: InvokeResult[] = [];
    for (const fault of [undefined, '401', '500', 'invalidJson', 'redirect', 'drift'] as const) {
      const tenant = uniqueTenantId();
      await registerTenant(tenant, { count: 2 });
      if (fault) await setFault(tenant, { fault });
      results.push(await invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers`, { params: { msTenantId: tenant } }));
      results.push(await invokeHttp('getOcNumbers', `v2/oc/numbers?msTenantId=${tenant}`));
    }
    results.push(await invokeHttp('healthDeep', 'health/deep'));
    expect(results.some((r) => r.status === 200)).toBe(true);
    expect(results.some((r) => r.status >= 500)).toBe(true);
    expectClean(results);
  });

  it('a credential that fails keeps its secret out of the answer and the log', async () => {
    useSettings({
      LIVE_PLATFORM_AUTH: 'client-secret',
      LIVE_PLATFORM_CLIENT_SECRET: 'wrong-secret-7d1c',
      LIVE_PLATFORM_CLIENT_ID: '0c0c0c0c-1111-4222-8333-444444444444',
    });
    const tenant = uniqueTenantId();
    const result = await invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers`, { params: { msTenantId: tenant } });
    expect(result.status).toBe(503);
    const everything = `${result.body}\n${result.logs.join('\n')}`;
    expect(everything).not.toContain('wrong-secret-7d1c');
    expect(everything).not.toContain('wrong-header-3e9a');
  });
});
