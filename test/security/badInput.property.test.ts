import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { guidRegExp } from '../../shared/ids/idsAndLimits';
import { hostileStrings } from '../support/hostileStrings';
import { routeCatalog } from '../../shared/api/routeCatalog';

/** The names getTenantNumbers knows (its query spec) and the function key `code`. */
const getTenantNumbersNames = new Set(['code', ...Object.keys(routeCatalog.find((route) => route.name === 'getTenantNumbers')?.query ?? {})]);

// A loopback server stands in for the Live Platform here only to count calls: invalid input must never reach it.
let upstreamCalls = 0;
const upstream = http.createServer((_request, response) => {
  upstreamCalls++;
  response.writeHead(500).end();
});

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  useSettings({ LIVE_PLATFORM_BASE_URL: `http://127.0.0.1:${port}`, LIVE_PLATFORM_RETRIES: '0' });
});
afterAll(() => new Promise((resolve) => upstream.close(resolve)));

const validTenant = '8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f1';
const hostile = hostileStrings();
const notAGuid = hostile.filter((value) => !guidRegExp.test(value));

function encodeQuery(pairs: [string, string][]): string {
  return pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

async function expectRefused(name: string, path: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<void> {
  const response = await invokeHttp(name, path, { params, headers });
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.json()['status']).toBe(response.status);
}

const runs = { numRuns: 1000 };

describe('bad input never gets a 5xx and never reaches the Live Platform', () => {
  afterEach(() => expect(upstreamCalls).toBe(0));

  it('getTenantNumbers: hostile tenant ids', async () => {
    await fc.assert(
      fc.asyncProperty(notAGuid, async (tenant) => expectRefused('getTenantNumbers', `tenants/${encodeURIComponent(tenant)}/numbers`, { msTenantId: tenant })),
      runs,
    );
  });

  it('getTenantNumbers: hostile query parameters and channel headers', async () => {
    const invalidPair = fc.oneof(
      fc.tuple(
        fc.constantFrom('top', 'skip', 'channelId'),
        hostile.filter((v) => !/^[0-9]{1,3}$/.test(v)),
      ),
      fc.tuple(fc.constantFrom('source', 'format'), hostile),
      fc.tuple(
        fc.constantFrom('numberStartsWith', 'numberContains'),
        hostile.filter((v) => !/^[+ ]?[0-9]{1,15}$/.test(v)),
      ),
      fc.tuple(
        fc.constantFrom('fields'),
        hostile.filter((v) => v !== ''),
      ),
      fc.tuple(
        fc.string({ minLength: 1, maxLength: 30 }).filter((n) => !getTenantNumbersNames.has(n)),
        fc.string(),
      ),
      fc.tuple(fc.constantFrom('assignmentStatus', 'isoCountryCode'), fc.string({ minLength: 257, maxLength: 300 })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(invalidPair, { minLength: 1, maxLength: 3 }), async (pairs) => {
        if (pairs.every(([name, value]) => name === 'source' && ['live', 'snapshot', 'auto'].includes(value))) return;
        if (pairs.every(([name, value]) => name === 'format' && ['json', 'csv'].includes(value))) return;
        await expectRefused('getTenantNumbers', `tenants/${validTenant}/numbers?${encodeQuery(pairs)}`, { msTenantId: validTenant });
      }),
      runs,
    );
    await fc.assert(
      fc.asyncProperty(
        hostile.filter((v) => v.trim() !== '' && !/^[0-9]{1,10}$/.test(v.trim()) && !/[\r\n\0]/.test(v) && /^[\x20-\x7e]*$/.test(v)),
        async (channel) => expectRefused('getTenantNumbers', `tenants/${validTenant}/numbers`, { msTenantId: validTenant }, { 'x-ovoc-channel-id': channel }),
      ),
      runs,
    );
  });

  it('getTenantNumber: hostile telephone numbers', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostile.filter((v) => !/^\s*\+?[1-9][0-9]{6,14}\s*$/.test(v)),
        async (number) =>
          expectRefused('getTenantNumber', `tenants/${validTenant}/numbers/${encodeURIComponent(number)}`, {
            msTenantId: validTenant,
            telephoneNumber: number,
          }),
      ),
      runs,
    );
  });

  it('getOcNumbers: hostile msTenantId and extra parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        notAGuid,
        fc.option(fc.string({ minLength: 1, maxLength: 20 }).filter((n) => n !== 'msTenantId' && n !== 'code')),
        async (tenant, extra) => {
          const query = extra ? `msTenantId=${validTenant}&${encodeURIComponent(extra)}=1` : `msTenantId=${encodeURIComponent(tenant)}`;
          await expectRefused('getOcNumbers', `v2/oc/numbers?${query}`, {});
        },
      ),
      runs,
    );
  });
});
