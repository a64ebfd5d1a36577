import {
  MAX_SCALE_TENANT_NUMBERS,
  liveNumbersUrl,
  managedIdentityToken,
  scaleTenantId,
  type NumberRecord,
} from '../support/sandboxControl';

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

  it('builds the body once: a repeated call starts answering at once and is identical', async () => {
    const tenantId = scaleTenantId(100_001);
    const timeToHeaders = async (): Promise<{ ms: number; body: string }> => {
      const started = Date.now();
      const response = await call(tenantId);
      const ms = Date.now() - started;
      return { ms, body: await response.text() };
    };
    const first = await timeToHeaders();
    const second = await timeToHeaders();
    expect(second.body).toBe(first.body);
    expect(second.ms).toBeLessThan(first.ms);
    expect(second.ms).toBeLessThan(1000);
  });

  it('treats a count above the limit, or a malformed scale id, as an unknown tenant', async () => {
    expect((await call(scaleTenantId(MAX_SCALE_TENANT_NUMBERS + 1))).status).toBe(404);
    expect((await call('5ca1e000-0000-4000-8000-00000000abcd')).status).toBe(404);
    expect(await (await call(scaleTenantId(0))).json()).toEqual([]);
  });
});
