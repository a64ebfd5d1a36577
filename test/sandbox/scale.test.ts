import { MAX_SCALE_TENANT_NUMBERS, liveNumbersUrl, managedIdentityToken, scaleTenantId, type NumberRecord } from '../support/sandboxControl';
import { TenantStore } from '../../sandbox/tenants';

const E164 = /^\+[1-9]\d{6,14}$/;

describe('sandbox scale tenants', () => {
  let token: string;
  beforeAll(async () => {
    token = await managedIdentityToken();
  });

  const call = (tenantId: string): Promise<Response> => fetch(liveNumbersUrl(tenantId), { headers: { Authorization: `Bearer ${token}` } });

  it('answers 100,000 unique E.164 numbers in the legacy shape for 5ca1e000-…-000000100000', async () => {
    const tenantId = scaleTenantId(100_000);
    const response = await call(tenantId);
    expect(response.status).toBe(200);
    const records = (await response.json()) as NumberRecord[];

    expect(records).toHaveLength(100_000);
    const numbers = new Set<string>();
    for (const record of records) {
      const number = record['telephoneNumber'];
      if (typeof number !== 'string' || !E164.test(number)) throw new Error(`not E.164: ${String(number)}`);
      numbers.add(number);
    }
    expect(numbers.size).toBe(100_000);
    expect(records[0]).toHaveProperty('uploadTelephoneNumberEntryId');
    expect(records[99_999]?.['tenantId']).toBe(tenantId);
  });

  it('builds the body once: a repeated call is answered from the same bytes', async () => {
    const tenantId = scaleTenantId(100_001);
    const first = await (await call(tenantId)).text();
    const second = await (await call(tenantId)).text();
    expect(second).toBe(first);
    // What the sandbox's numbers route sends: the tenant's cached body, the same buffers each time.
    const store = new TenantStore();
    const tenant = store.find(tenantId);
    expect(tenant).toBeDefined();
    expect(store.find(tenantId)).toBe(tenant);
    expect(tenant?.body()).toBe(tenant?.body());
  });

  it('treats a count above the limit, or a malformed scale id, as an unknown tenant', async () => {
    expect((await call(scaleTenantId(MAX_SCALE_TENANT_NUMBERS + 1))).status).toBe(404);
    expect((await call('5ca1e000-0000-4000-8000-00000000abcd')).status).toBe(404);
    expect(await (await call(scaleTenantId(0))).json()).toEqual([]);
  });
});
