import { publicLink, publicRequestUrl } from '../../shared/http/publicAddress';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { registerTenant, uniqueTenantId } from '../support/sandboxControl';

// PUBLIC_BASE_URL (docs/deploy.md "Links"): every link the app hands out starts with it, whatever
// host the request named. `origin` below is the host a caller put in the request.
const publicBase = 'https://ocnumbers.contoso.example';
const forged = 'https://attacker.example';

beforeEach(() => useSettings({ PUBLIC_BASE_URL: `${publicBase}/`, LIVE_PLATFORM_RATE_LIMIT: '1000', SNAPSHOT_REQUEST_MIN_SECONDS: '0' }));
afterAll(() => useSettings());

describe('links start with PUBLIC_BASE_URL, never with the host the caller named', () => {
  test('getTenantNumbers nextLink', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 3 });
    // A filter, so the link is seen to keep the query as well as to move the host.
    const response = await invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers?top=1&isoCountryCode=US`, {
      params: { msTenantId: tenant },
      origin: forged,
    });
    expect(response.status).toBe(200);
    const nextLink = response.json<{ nextLink?: string }>().nextLink ?? '';
    expect(nextLink.startsWith(`${publicBase}/api/tenants/${tenant}/numbers?`)).toBe(true);
    expect(new URL(nextLink).searchParams.get('code')).toBeNull();
  });

  test('listSnapshotRuns nextLink and the snapshot request Location', async () => {
    const tenant = uniqueTenantId();
    const requested = await invokeHttp('requestTenantSnapshot', `tenants/${tenant}/snapshots`, {
      method: 'POST',
      params: { msTenantId: tenant },
      origin: forged,
    });
    expect(requested.status).toBe(202);
    const location = requested.headers.get('location') ?? '';
    expect(location).toBe(`${publicBase}/api/snapshot-runs?runId=${requested.json<{ runId: string }>().runId}`);

    await invokeHttp('requestTenantSnapshot', `tenants/${uniqueTenantId()}/snapshots`, { method: 'POST', params: { msTenantId: uniqueTenantId() } });
    const runs = await invokeHttp('listSnapshotRuns', 'snapshot-runs?top=1', { origin: forged });
    expect(runs.json<{ nextLink?: string }>().nextLink?.startsWith(`${publicBase}/api/snapshot-runs?`)).toBe(true);
  });

  test('the API documents name PUBLIC_BASE_URL as their server', async () => {
    const openApi = (await invokeHttp('openApiDocument', 'openapi.json', { origin: forged })).json<{ servers: { url: string }[] }>();
    expect(openApi.servers).toEqual([{ url: `${publicBase}/api` }]);
    const swagger = (await invokeHttp('swaggerDocument', 'swagger.json', { origin: forged })).json<{ host: string; schemes: string[]; basePath: string }>();
    expect(swagger).toMatchObject({ host: 'ocnumbers.contoso.example', schemes: ['https'], basePath: '/api' });
  });

  test('a path that looks like another host stays a path on the public origin', () => {
    expect(publicRequestUrl('https://attacker.example//evil.example/api/x?y=1').toString()).toBe(`${publicBase}//evil.example/api/x?y=1`);
    expect(() => publicLink('https://x.example/', '//evil.example/')).toThrow();
  });

  test('unset, links keep the origin of the request', async () => {
    useSettings();
    const openApi = (await invokeHttp('openApiDocument', 'openapi.json', { origin: 'https://ocnumbers.azurewebsites.net' })).json<{
      servers: { url: string }[];
    }>();
    expect(openApi.servers).toEqual([{ url: 'https://ocnumbers.azurewebsites.net/api' }]);
  });

  test.each([['http://ocnumbers.contoso.example'], ['https://ocnumbers.contoso.example/api'], ['not a url']])(
    'PUBLIC_BASE_URL=%s is refused naming the setting',
    async (value) => {
      useSettings({ PUBLIC_BASE_URL: value });
      const response = await invokeHttp('listSnapshotRuns', 'snapshot-runs');
      expect(response.status).toBe(500);
      expect(response.json()['detail']).toContain('PUBLIC_BASE_URL');
    },
  );
});
