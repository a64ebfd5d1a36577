import {
  DRIFT_TENANT_ID,
  DRIFT_TENANT_RECORDS,
  EMPTY_TENANT_ID,
  LEGACY_TENANT_CHANNEL_ID,
  LEGACY_TENANT_ID,
  LEGACY_TENANT_NUMBERS,
  MODERN_TENANT_ID,
  MODERN_TENANT_NUMBERS,
  UPSTREAM_BODY_MARKER,
  controlUrl,
  deleteTenant,
  getStats,
  getTenantRecords,
  liveNumbersUrl,
  managedIdentityToken,
  mintToken,
  registerTenant,
  uniqueTenantId,
  type NumberRecord,
} from '../support/sandboxControl';

const E164 = /^\+[1-9]\d{6,14}$/;

let token: string;
beforeAll(async () => {
  token = await managedIdentityToken();
});

function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { headers: { Authorization: `Bearer ${token}`, ...headers } });
}

async function numbers(tenantId: string, headers: Record<string, string> = {}): Promise<NumberRecord[]> {
  const response = await get(liveNumbersUrl(tenantId), headers);
  expect(response.status).toBe(200);
  return (await response.json()) as NumberRecord[];
}

describe('sandbox Live Platform: authorisation', () => {
  it('refuses a call without a bearer token (401 JSON)', async () => {
    const response = await fetch(liveNumbersUrl(MODERN_TENANT_ID));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await response.json()).toMatchObject({ reason: 'missing', sandboxMarker: UPSTREAM_BODY_MARKER });
  });

  it('refuses a sandbox token for another audience', async () => {
    const other = await managedIdentityToken('https://management.azure.com');
    const response = await fetch(liveNumbersUrl(MODERN_TENANT_ID), { headers: { Authorization: `Bearer ${other}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ reason: 'audience' });
  });

  it('refuses an expired token', async () => {
    const expired = await mintToken({ expiresInSeconds: -5 });
    const response = await fetch(liveNumbersUrl(MODERN_TENANT_ID), { headers: { Authorization: `Bearer ${expired}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ reason: 'expired' });
  });

  it('refuses a token whose signature does not match', async () => {
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(32).toString('base64url')}`;
    const response = await fetch(liveNumbersUrl(MODERN_TENANT_ID), { headers: { Authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ reason: 'signature' });
  });
});

describe('sandbox Live Platform: numbers call', () => {
  it('answers the bare JSON array with a Content-Length, under /api and /tenantui/api alike', async () => {
    const plain = await get(liveNumbersUrl(MODERN_TENANT_ID));
    const tenantui = await get(liveNumbersUrl(MODERN_TENANT_ID, '/tenantui'));
    const text = await plain.text();
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Number(plain.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(Array.isArray(JSON.parse(text))).toBe(true);
    expect(await tenantui.text()).toBe(text);
  });

  it('serves the legacy tenant in the legacy shape across US, GB and DE with unique E.164 numbers', async () => {
    const records = await numbers(LEGACY_TENANT_ID);
    expect(records).toHaveLength(LEGACY_TENANT_NUMBERS);
    const phoneNumbers = records.map((record) => record['telephoneNumber'] as string);
    expect(new Set(phoneNumbers).size).toBe(records.length);
    expect(phoneNumbers.every((n) => E164.test(n))).toBe(true);
    expect(new Set(records.map((r) => r['isoCountryCode']))).toEqual(new Set(['US', 'GB', 'DE']));
    expect(new Set(records.map((r) => r['assignmentStatus'])).size).toBeGreaterThanOrEqual(4);
    for (const field of ['uploadTelephoneNumberEntryId', 'uploadToAccountJobId', 'whenCreated', 'aslvCode', 'asticks', 'tnUploadJobId']) {
      expect(records[0]).toHaveProperty(field);
    }
    expect(records[0]?.['sbcList']).toEqual([expect.objectContaining({ sbcName: expect.any(String), sbcId: expect.any(Number) })]);
    expect(records[0]?.['acquiredCapabilities']).toContain('InboundCalling');
    // Upstream is inconsistent about the case of tenantId; the sandbox reproduces that.
    const tenantIds = new Set(records.map((r) => r['tenantId']));
    expect(tenantIds).toEqual(new Set([LEGACY_TENANT_ID, LEGACY_TENANT_ID.toUpperCase()]));
  });

  it('serves the modern tenant in the documented newer shape', async () => {
    const records = await numbers(MODERN_TENANT_ID);
    expect(records).toHaveLength(MODERN_TENANT_NUMBERS);
    // Most have the documented ['calling'], some also 'sms'.
    expect(new Set(records.map((r) => JSON.stringify(r['acquiredCapabilities'])))).toEqual(new Set(['["calling"]', '["calling","sms"]']));
    for (const record of records) {
      expect(Object.keys(record).sort()).toEqual(
        [
          'id',
          'telephoneNumber',
          'tenantId',
          'assignmentStatus',
          'acquiredCapabilities',
          'availableCapabilities',
          'isoCountryCode',
          'locationId',
          'civicAddressId',
          'acquiredOn',
          'source',
          'sbcList',
        ].sort(),
      );
      expect(record).toMatchObject({ assignmentStatus: 'Active', availableCapabilities: ['calling', 'sms'], source: 'OperatorConnect' });
      expect(record['acquiredCapabilities']).toContain('calling');
      expect(record['sbcList']).toEqual([{ fqdn: expect.any(String), port: 5061 }]);
    }
  });

  it('serves the drift tenant with alsvcode, V3 fields, numbers without + and two broken records', async () => {
    const records = await numbers(DRIFT_TENANT_ID);
    expect(records).toHaveLength(DRIFT_TENANT_RECORDS);
    expect(records.some((r) => 'alsvcode' in r && !('aslvCode' in r))).toBe(true);
    expect(records.some((r) => 'tenantCallingProfileId' in r && 'ocSipConnectionName' in r && 'umpCustomerGuid' in r)).toBe(true);
    expect(records.some((r) => typeof r['telephoneNumber'] === 'string' && /^\d+$/.test(r['telephoneNumber']))).toBe(true);
    expect(records.filter((r) => !('telephoneNumber' in r))).toHaveLength(1);
    expect(records.filter((r) => r['telephoneNumber'] === 'not-a-number')).toHaveLength(1);
    const capabilities = records.flatMap((r) => (Array.isArray(r['acquiredCapabilities']) ? (r['acquiredCapabilities'] as string[]) : []));
    expect(capabilities).toEqual(expect.arrayContaining(['calling', 'InboundCalling']));
  });

  it('serves an empty array for the tenant without numbers and 404 JSON for an unknown one', async () => {
    expect(await numbers(EMPTY_TENANT_ID)).toEqual([]);
    const unknown = await get(liveNumbersUrl(uniqueTenantId()));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ sandboxMarker: UPSTREAM_BODY_MARKER });
  });

  it('answers 400 when msTenantId is missing or not a GUID', async () => {
    const missing = await get(`${controlUrl()}/api/v2/oc/numbers`);
    const bad = await get(liveNumbersUrl('not-a-guid'));
    expect([missing.status, bad.status]).toEqual([400, 400]);
  });
});

describe('sandbox Live Platform: X-Ovoc-Channel-Id', () => {
  it('serves a channel tenant with its own channel id or with no header', async () => {
    expect(await numbers(LEGACY_TENANT_ID, { 'X-Ovoc-Channel-Id': String(LEGACY_TENANT_CHANNEL_ID) })).toHaveLength(LEGACY_TENANT_NUMBERS);
    expect(await numbers(LEGACY_TENANT_ID)).toHaveLength(LEGACY_TENANT_NUMBERS);
  });

  it('hides a tenant from another channel (404), including a tenant on no channel', async () => {
    const otherChannel = await get(liveNumbersUrl(LEGACY_TENANT_ID), { 'X-Ovoc-Channel-Id': String(LEGACY_TENANT_CHANNEL_ID + 1) });
    const noChannelTenant = await get(liveNumbersUrl(MODERN_TENANT_ID), { 'X-Ovoc-Channel-Id': String(LEGACY_TENANT_CHANNEL_ID) });
    expect(otherChannel.status).toBe(404);
    expect(noChannelTenant.status).toBe(404);
  });

  it('refuses a channel id that is not an integer (400)', async () => {
    for (const value of ['abc', '7.5', '-1', '99999999999']) {
      const response = await get(liveNumbersUrl(LEGACY_TENANT_ID), { 'X-Ovoc-Channel-Id': value });
      expect(response.status).toBe(400);
    }
  });
});

describe('sandbox Live Platform: customer list (V3)', () => {
  it('lists the built-in and registered tenants with MsTenantId, CustomerName and ovocChannelId', async () => {
    const tenantId = uniqueTenantId();
    await registerTenant(tenantId, { count: 1, channelId: 42, name: 'Listed customer' });
    const response = await get(`${controlUrl()}/api/v3/customer?allDetails=false`);
    expect(response.status).toBe(200);
    const customers = (await response.json()) as Array<Record<string, unknown>>;
    const ids = customers.map((customer) => customer['MsTenantId']);
    expect(ids).toEqual(expect.arrayContaining([LEGACY_TENANT_ID, MODERN_TENANT_ID, DRIFT_TENANT_ID, EMPTY_TENANT_ID, tenantId]));
    expect(customers).toContainEqual({ MsTenantId: tenantId, CustomerName: 'Listed customer', ovocChannelId: 42 });
    expect(customers).toContainEqual(expect.objectContaining({ MsTenantId: LEGACY_TENANT_ID, ovocChannelId: LEGACY_TENANT_CHANNEL_ID }));
  });

  it("lists only the channel's customers when X-Ovoc-Channel-Id is sent, and needs a token", async () => {
    const response = await get(`${controlUrl()}/tenantui/api/v3/customer?allDetails=false`, { 'X-Ovoc-Channel-Id': String(LEGACY_TENANT_CHANNEL_ID) });
    const customers = (await response.json()) as Array<Record<string, unknown>>;
    expect(customers.map((c) => c['MsTenantId'])).toContain(LEGACY_TENANT_ID);
    expect(customers.every((c) => c['ovocChannelId'] === LEGACY_TENANT_CHANNEL_ID)).toBe(true);
    expect((await fetch(`${controlUrl()}/api/v3/customer?allDetails=false`)).status).toBe(401);
  });
});

describe('sandbox control API', () => {
  it('registers explicit records, answers them unchanged, and replaces them on a second PUT', async () => {
    const tenantId = uniqueTenantId();
    const first = [{ id: 1, telephoneNumber: '+12065550100', tenantId, anything: { nested: true } }];
    await registerTenant(tenantId, { records: first });
    expect(await numbers(tenantId)).toEqual(first);
    expect(await getTenantRecords(tenantId)).toEqual(first);

    const second = [{ id: 2, telephoneNumber: '+12065550101', tenantId }];
    await registerTenant(tenantId, { records: second, count: 50 });
    expect(await numbers(tenantId)).toEqual(second);
  });

  it('generates `count` records of the requested shape, on the requested channel', async () => {
    const tenantId = uniqueTenantId();
    await registerTenant(tenantId, { shape: 'modern', count: 30, channelId: 3 });
    const records = await numbers(tenantId, { 'X-Ovoc-Channel-Id': '3' });
    expect(records).toHaveLength(30);
    expect(records.every((r) => r['source'] === 'OperatorConnect' && r['tenantId'] === tenantId)).toBe(true);
    expect(new Set(records.map((r) => r['telephoneNumber'])).size).toBe(30);
    expect((await get(liveNumbersUrl(tenantId), { 'X-Ovoc-Channel-Id': '4' })).status).toBe(404);
  });

  it('makes a deleted tenant unknown upstream', async () => {
    const tenantId = uniqueTenantId();
    await registerTenant(tenantId, { count: 2 });
    await deleteTenant(tenantId);
    expect((await get(liveNumbersUrl(tenantId))).status).toBe(404);
  });

  it('records call counts and the last request headers without the token value', async () => {
    const tenantId = uniqueTenantId();
    await registerTenant(tenantId, { count: 1 });
    await get(liveNumbersUrl(tenantId), { 'X-Correlation-Id': 'corr-123', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    await get(liveNumbersUrl(tenantId), { 'X-Correlation-Id': 'corr-456' });

    const stats = await getStats(tenantId);
    expect(stats.calls).toBe(2);
    expect(stats.callTimes).toHaveLength(2);
    expect(stats.lastRequest?.headers).toMatchObject({ 'x-correlation-id': 'corr-456', traceparent: null, authorization: true });
    expect(stats.lastRequest?.query).toEqual({ msTenantId: tenantId });
    expect(JSON.stringify(stats)).not.toContain(token);
  });
});
