import { MAX_SCALE_NUMBERS, demoNumber, legacyRecord, legacyRecordJson, scaleNumber } from '../../sandbox/numberGenerator';
import { TenantStore, scaleTenantId } from '../../sandbox/tenants';

const E164 = /^\+[1-9]\d{6,14}$/;

describe('sandbox number generator', () => {
  it('makes valid E.164 demo numbers for US, GB and DE', () => {
    for (const country of ['US', 'GB', 'DE'] as const) {
      for (let i = 0; i < 100; i += 1) expect(demoNumber(country, i)).toMatch(E164);
    }
    expect(demoNumber('GB', 3)).toBe('+442079460003');
  });

  it('makes distinct scale numbers across exchange and area-code boundaries', () => {
    const indexes = [0, 9_999, 10_000, 7_999_999, 8_000_000, MAX_SCALE_NUMBERS - 1];
    const numbers = indexes.map(scaleNumber);
    expect(new Set(numbers).size).toBe(indexes.length);
    numbers.forEach((number) => expect(number).toMatch(E164));
    expect(() => scaleNumber(MAX_SCALE_NUMBERS)).toThrow(RangeError);
  });

  it('writes legacy JSON that parses to the legacy record, escaping odd input', () => {
    const input = { tenantId: 'quote"and\\backslash', index: 4, telephoneNumber: '+12065550104', isoCountryCode: 'US', seed: 12 };
    const record = JSON.parse(legacyRecordJson(input)) as Record<string, unknown>;
    expect(record).toEqual(legacyRecord(input));
    expect(record['tenantId']).toBe(input.tenantId);
    expect(record['asticks']).toMatch(/^\d{18}$/);
  });

  it('keeps the cached body identical to the records it was built from', () => {
    const store = new TenantStore();
    const tenant = store.find(scaleTenantId(2_500));
    if (!tenant) throw new Error('scale tenant missing');
    const body = Buffer.concat(tenant.body().chunks).toString('utf8');
    expect(JSON.parse(body)).toEqual(tenant.records());
    expect(tenant.body().byteLength).toBe(Buffer.byteLength(body));
  });

  it('serialises a registered tenant with non-ASCII data to valid UTF-8 JSON', () => {
    const store = new TenantStore();
    const records = [{ telephoneNumber: '+4930231250 01', note: 'Müller – ☎ 电话' }];
    const tenant = store.register('cccccccc-0000-4000-8000-000000000001', { records });
    expect(JSON.parse(Buffer.concat(tenant.body().chunks).toString('utf8'))).toEqual(records);
  });
});
