import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { getStats, getTenantRecords, registerTenant, uniqueTenantId } from '../support/sandboxControl';
import { DRIFT_TENANT_ID } from '../../sandbox/tenants';

const mirror = (query: string, headers: Record<string, string> = {}) => invokeHttp('getOcNumbers', `v2/oc/numbers?${query}`, { headers });

beforeEach(() => useSettings());

describe('getOcNumbers, the drop-in mirror of the upstream call', () => {
  it('answers the upstream JSON array unchanged', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { shape: 'modern', count: 7 });
    const response = await mirror(`msTenantId=${tenant}`);
    expect(response.status).toBe(200);
    expect(response.json<unknown[]>()).toEqual(await getTenantRecords(tenant));
    expect(response.headers.get('x-schema-warnings')).toBe('0');
  });

  it('drops records that fail the core schema and counts them in X-Schema-Warnings', async () => {
    const response = await mirror(`msTenantId=${DRIFT_TENANT_ID}`);
    const upstream = await getTenantRecords(DRIFT_TENANT_ID);
    expect(response.json<unknown[]>()).toHaveLength(upstream.length - 2);
    expect(response.headers.get('x-schema-warnings')).toBe('2');
  });

  it('forwards X-Ovoc-Channel-Id exactly like the upstream', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 1 });
    await mirror(`msTenantId=${tenant}`, { 'X-Ovoc-Channel-Id': '12' });
    expect((await getStats(tenant)).lastRequest?.headers['x-ovoc-channel-id']).toBe('12');
  });

  it('requires msTenantId as a GUID and refuses other parameters', async () => {
    expect((await mirror('')).status).toBe(400);
    expect((await mirror('msTenantId=abc')).status).toBe(400);
    const extra = await mirror(`msTenantId=${uniqueTenantId()}&channelId=1`);
    expect(extra.status).toBe(400);
    expect(extra.json().errors).toEqual([expect.objectContaining({ parameter: 'channelId' })]);
  });
});
