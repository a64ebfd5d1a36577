import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { walkNextLinks } from '../support/walkNextLinks';
import { getStats, registerTenant, uniqueTenantId } from '../support/sandboxControl';
import { DRIFT_TENANT_ID, LEGACY_TENANT_ID, MODERN_TENANT_ID } from '../../sandbox/tenants';

type NumberList = {
  msTenantId: string;
  channelId: number | null;
  source: string;
  retrievedAt: string;
  total: number;
  count: number;
  value: Record<string, unknown>[];
  nextLink?: string;
  warnings: { code: string; field?: string; count: number }[];
};

const list = (tenant: string, query = '', headers: Record<string, string> = {}) =>
  invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers${query ? `?${query}` : ''}`, { params: { msTenantId: tenant }, headers });

async function walk(tenant: string, query: string): Promise<{ pages: NumberList[]; numbers: string[] }> {
  const pages = await walkNextLinks<NumberList>('getTenantNumbers', `tenants/${tenant}/numbers?${query}`, { msTenantId: tenant });
  return { pages, numbers: pages.flatMap((p) => p.value.map((r) => r['telephoneNumber'] as string)) };
}

beforeEach(() => useSettings());

describe('getTenantNumbers over the sandbox Live Platform', () => {
  it('answers the newer shape normalised, with the contract envelope', async () => {
    const response = await list(MODERN_TENANT_ID.toUpperCase());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = response.json<NumberList>();
    expect(body).toMatchObject({ msTenantId: MODERN_TENANT_ID, channelId: null, source: 'live', total: 12, count: 12, warnings: [] });
    expect(body.nextLink).toBeUndefined();
    expect(Date.parse(body.retrievedAt)).not.toBeNaN();
    for (const record of body.value) {
      expect(record['telephoneNumber']).toMatch(/^\+[1-9][0-9]{6,14}$/);
      expect(Array.isArray(record['acquiredCapabilities'])).toBe(true);
      expect(Array.isArray(record['availableCapabilities'])).toBe(true);
    }
  });

  it('answers the legacy shape with string entry ids and lower-case tenant ids', async () => {
    const body = (await list(LEGACY_TENANT_ID)).json<NumberList>();
    expect(body.total).toBe(25);
    for (const record of body.value) {
      expect(record['msTenantId']).toBe(LEGACY_TENANT_ID);
      expect(['string', 'object']).toContain(typeof record['uploadTelephoneNumberEntryId']);
    }
  });

  it('reports drift and dropped records, and keeps unknown fields under extra', async () => {
    const body = (await list(DRIFT_TENANT_ID)).json<NumberList>();
    expect(body.warnings.find((w) => w.code === 'recordsDropped')?.count).toBe(2);
    expect(body.warnings.some((w) => w.code === 'unknownField')).toBe(true);
    expect(body.value.some((record) => record['extra'] !== undefined)).toBe(true);
    expect(body.value.some((record) => record['aslvCode'] !== null)).toBe(true);
  });

  it('filters case-insensitively and combines filters', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, {
      records: [
        {
          telephoneNumber: '+14255550100',
          tenantId: tenant,
          assignmentStatus: 'Unassigned',
          acquiredCapabilities: ['InboundCalling', 'UserAssignment'],
          isoCountryCode: 'US',
          source: 'webapi',
          locationId: 'L1',
          civicAddressId: 'C1',
          acquiredNumberStatus: 3,
        },
        {
          telephoneNumber: '+14255550101',
          tenantId: tenant,
          assignmentStatus: 'UserAssigned',
          acquiredCapabilities: ['InboundCalling'],
          isoCountryCode: 'US',
          source: 'webui',
          locationId: 'L2',
          acquiredNumberStatus: 'Active',
        },
        {
          telephoneNumber: '+442071234567',
          tenantId: tenant,
          assignmentStatus: 'Unassigned',
          acquiredCapabilities: ['calling'],
          isoCountryCode: 'GB',
          source: 'OperatorConnect',
        },
      ],
    });
    const numbersFor = async (query: string) => (await list(tenant, query)).json<NumberList>().value.map((r) => r['telephoneNumber']);
    expect(await numbersFor('assignmentStatus=unassigned')).toEqual(['+14255550100', '+442071234567']);
    expect(await numbersFor('isoCountryCode=us&assignmentStatus=UNASSIGNED')).toEqual(['+14255550100']);
    expect(await numbersFor('capability=inboundcalling&capability=userassignment')).toEqual(['+14255550100']);
    expect(await numbersFor('capability=InboundCalling,UserAssignment')).toEqual(['+14255550100']);
    expect(await numbersFor('numberSource=WEBUI')).toEqual(['+14255550101']);
    expect(await numbersFor('acquiredNumberStatus=active')).toEqual(['+14255550101']);
    expect(await numbersFor('locationId=l1&civicAddressId=c1')).toEqual(['+14255550100']);
    expect(await numbersFor('numberStartsWith=%2B44')).toEqual(['+442071234567']);
    expect(await numbersFor('numberStartsWith=+44')).toEqual(['+442071234567']);
    expect(await numbersFor('numberContains=0101')).toEqual(['+14255550101']);
    expect(await numbersFor('isoCountryCode=FR')).toEqual([]);
  });

  it('projects records to the requested fields and refuses unknown fields', async () => {
    const body = (await list(MODERN_TENANT_ID, 'fields=telephoneNumber,assignmentStatus')).json<NumberList>();
    expect(Object.keys(body.value[0] ?? {})).toEqual(['telephoneNumber', 'assignmentStatus']);
    const refused = await list(MODERN_TENANT_ID, 'fields=telephoneNumber,password');
    expect(refused.status).toBe(400);
    expect(refused.json().errors).toEqual([expect.objectContaining({ parameter: 'fields', detail: expect.stringContaining('password') })]);
  });

  it('pages with nextLink that rebuilds the full filtered list exactly: no duplicates, no gaps, filters kept', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { shape: 'legacy', count: 2345 });
    const full = (await list(tenant)).json<NumberList>();
    expect(full.count).toBe(1000);
    expect(full.total).toBe(2345);
    const walked = await walk(tenant, 'top=100&code=secret-key-in-query');
    expect(walked.pages).toHaveLength(24);
    expect(new Set(walked.numbers).size).toBe(2345);
    const everything = await walk(tenant, 'top=1000');
    expect(walked.numbers).toEqual(everything.numbers);

    const country = full.value[0]?.['isoCountryCode'] as string;
    const filtered = await walk(tenant, `top=7&isoCountryCode=${country}`);
    expect(filtered.pages[0]?.total).toBe(filtered.numbers.length);
    expect(filtered.pages.every((p) => p.value.every((r) => r['isoCountryCode'] === country))).toBe(true);
  });

  it('answers CSV for format=csv and for Accept: text/csv', async () => {
    const byFormat = await list(MODERN_TENANT_ID, 'format=csv&fields=telephoneNumber,acquiredCapabilities');
    expect(byFormat.headers.get('content-type')).toMatch(/^text\/csv/);
    // UTF-8 with a byte-order mark, so Excel reads non-ASCII text right (README, getTenantNumbers).
    expect(byFormat.body.startsWith('\uFEFF"telephoneNumber"')).toBe(true);
    const lines = byFormat.body.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('"telephoneNumber","acquiredCapabilities"');
    expect(lines).toHaveLength(13);
    expect(lines[1]).toMatch(/^"\+[0-9]+","[A-Za-z]+(;[A-Za-z]+)*"$/);
    expect(byFormat.body).toContain('"calling;sms"');
    const byAccept = await list(MODERN_TENANT_ID, '', { accept: 'text/csv' });
    expect(byAccept.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(byAccept.body.startsWith('\uFEFF"')).toBe(true);
  });

  it('neutralises spreadsheet formulas that arrive from upstream', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, {
      records: [{ telephoneNumber: '+14255550100', tenantId: tenant, locationId: '=HYPERLINK("http://x")', civicAddressId: '@cmd', callingProfileId: '+1' }],
    });
    const csv = (await list(tenant, 'format=csv&fields=telephoneNumber,locationId,civicAddressId,callingProfileId')).body;
    expect(csv.split('\r\n')[1]).toBe(`"+14255550100","'=HYPERLINK(""http://x"")","'@cmd","'+1"`);
  });

  it('gives an ETag on every 200 and 304 for a matching If-None-Match', async () => {
    const first = await list(MODERN_TENANT_ID);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await list(MODERN_TENANT_ID, '', { 'if-none-match': etag as string, 'cache-control': 'no-cache' });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    const otherPage = await list(MODERN_TENANT_ID, 'top=5', { 'if-none-match': etag as string });
    expect(otherPage.status).toBe(200);
  });

  it('caches per tenant and channel, and Cache-Control: no-cache skips the cache', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 5 });
    await list(tenant);
    await list(tenant);
    expect((await getStats(tenant)).calls).toBe(1);
    await list(tenant, '', { 'cache-control': 'no-cache' });
    expect((await getStats(tenant)).calls).toBe(2);
    await list(tenant, 'channelId=3');
    expect((await getStats(tenant)).calls).toBe(3);
  });

  it('turns the cache off with LIVE_PLATFORM_CACHE_SECONDS=0', async () => {
    useSettings({ LIVE_PLATFORM_CACHE_SECONDS: '0' });
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 5 });
    await list(tenant);
    await list(tenant);
    expect((await getStats(tenant)).calls).toBe(2);
  });

  it('merges 50 concurrent identical requests into one upstream call', async () => {
    useSettings({ LIVE_PLATFORM_CACHE_SECONDS: '0' });
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 500 });
    const responses = await Promise.all(Array.from({ length: 50 }, () => list(tenant)));
    expect(responses.every((r) => r.status === 200 && r.json<NumberList>().total === 500)).toBe(true);
    expect((await getStats(tenant)).calls).toBe(1);
  });

  it('never exceeds the rate budget: past it, callers get 503 with Retry-After and upstream sees nothing', async () => {
    useSettings({ LIVE_PLATFORM_RATE_LIMIT: '3', LIVE_PLATFORM_CACHE_SECONDS: '0' });
    const tenants = Array.from({ length: 6 }, () => uniqueTenantId());
    await Promise.all(tenants.map((t) => registerTenant(t, { count: 1 })));
    const statuses: number[] = [];
    for (const tenant of tenants) {
      const response = await list(tenant);
      statuses.push(response.status);
      if (response.status === 503) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(response.json()).toMatchObject({ status: 503, type: 'urn:oc-numbers:problem:upstream-throttled' });
      }
    }
    expect(statuses).toEqual([200, 200, 200, 503, 503, 503]);
    const calls = await Promise.all(tenants.map(async (t) => (await getStats(t)).calls));
    expect(calls).toEqual([1, 1, 1, 0, 0, 0]);
  });

  it('forwards the channel (query or header, default setting) and the correlation id upstream', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 2, channelId: 42 });
    const viaQuery = await list(tenant, 'channelId=42', { 'x-correlation-id': 'flow-42' });
    expect(viaQuery.headers.get('x-correlation-id')).toBe('flow-42');
    expect(viaQuery.json<NumberList>().channelId).toBe(42);
    let stats = await getStats(tenant);
    expect(stats.lastRequest?.headers['x-ovoc-channel-id']).toBe('42');
    expect(stats.lastRequest?.headers['x-correlation-id']).toBe('flow-42');

    expect((await list(tenant, '', { 'x-ovoc-channel-id': '43' })).status).toBe(404);
    stats = await getStats(tenant);
    expect(stats.lastRequest?.headers['x-ovoc-channel-id']).toBe('43');

    useSettings({ LIVE_PLATFORM_CHANNEL_ID: '44' });
    await list(tenant);
    stats = await getStats(tenant);
    expect(stats.lastRequest?.headers['x-ovoc-channel-id']).toBe('44');
  });

  it('answers 404 for a tenant the channel does not hold', async () => {
    const response = await list(LEGACY_TENANT_ID, 'channelId=8');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect((await list(LEGACY_TENANT_ID, 'channelId=7')).status).toBe(200);
  });

  it('answers 403 for a tenant outside ALLOWED_TENANTS, before any upstream call', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { count: 1 });
    useSettings({ ALLOWED_TENANTS: MODERN_TENANT_ID });
    const response = await list(tenant);
    expect(response.status).toBe(403);
    expect((await getStats(tenant)).calls).toBe(0);
    expect((await list(MODERN_TENANT_ID)).status).toBe(200);
  });

  it.each([
    ['not-a-guid', '', {}, 'msTenantId'],
    [MODERN_TENANT_ID, 'top=0', {}, 'top'],
    [MODERN_TENANT_ID, 'top=1001', {}, 'top'],
    [MODERN_TENANT_ID, 'skip=-1', {}, 'skip'],
    [MODERN_TENANT_ID, 'colour=blue', {}, 'colour'],
    [MODERN_TENANT_ID, 'channelId=2147483648', {}, 'channelId'],
    [MODERN_TENANT_ID, 'source=yesterday', {}, 'source'],
    [MODERN_TENANT_ID, 'format=xml', {}, 'format'],
    [MODERN_TENANT_ID, 'top=1&top=2', {}, 'top'],
    [MODERN_TENANT_ID, 'numberStartsWith=abc', {}, 'numberStartsWith'],
    [MODERN_TENANT_ID, '', { 'x-ovoc-channel-id': 'seven' }, 'X-Ovoc-Channel-Id'],
  ])('refuses %s?%s %j with 400 naming %s', async (tenant, query, headers, named) => {
    const response = await list(tenant, query, headers);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ type: 'urn:oc-numbers:problem:invalid-input', title: expect.any(String), status: 400, correlationId: expect.any(String) });
    expect(JSON.stringify(problem['errors'])).toContain(named);
  });

  it('allows the function key parameter code on every route', async () => {
    expect((await list(MODERN_TENANT_ID, 'code=abc')).status).toBe(200);
  });
});
