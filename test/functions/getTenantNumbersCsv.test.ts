import { Readable } from 'node:stream';
import { HttpRequest, InvocationContext, type HttpHandler } from '@azure/functions';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { registeredHandler } from '../support/loadFunctionApp';
import { registerTenant, uniqueTenantId } from '../support/sandboxControl';
import { walkNextLinks } from '../support/walkNextLinks';

/** getTenantNumbers with format=csv: every row, streamed, without top; one page and a Link header with it. */

const list = (tenant: string, query = '', headers: Record<string, string> = {}) =>
  invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers${query ? `?${query}` : ''}`, { params: { msTenantId: tenant }, headers });

const numbersOfCsv = (body: string) =>
  body
    .trimEnd()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(',')[0]?.replace(/"/g, ''));

let tenant: string;
let everyNumber: string[];

beforeAll(async () => {
  useSettings({ LIVE_PLATFORM_RETRIES: '0' });
  tenant = uniqueTenantId();
  await registerTenant(tenant, { shape: 'legacy', count: 2345 });
  const pages = await walkNextLinks<{ value: { telephoneNumber: string }[]; nextLink?: string }>('getTenantNumbers', `tenants/${tenant}/numbers`, {
    msTenantId: tenant,
  });
  everyNumber = pages.flatMap((page) => page.value.map((record) => record.telephoneNumber));
  expect(everyNumber).toHaveLength(2345);
});

describe('getTenantNumbers as CSV', () => {
  test('without top: every matching row of a 2,345-number tenant in one streamed answer, in the JSON order', async () => {
    const csv = await list(tenant, 'format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(numbersOfCsv(csv.body)).toEqual(everyNumber);
    // Every CSV answer starts with the UTF-8 byte-order mark, streamed ones too.
    expect(csv.body.split('\r\n')[0]).toMatch(/^\uFEFF"telephoneNumber","msTenantId",/);

    const filtered = await list(tenant, 'format=csv&numberContains=5&fields=telephoneNumber', { accept: 'application/json' });
    expect(numbersOfCsv(filtered.body)).toEqual(everyNumber.filter((number) => number.slice(1).includes('5')));

    const response = await registeredHandler<HttpHandler>('getTenantNumbers')(
      new HttpRequest({ method: 'GET', url: `http://localhost:7071/api/tenants/${tenant}/numbers?format=csv`, params: { msTenantId: tenant } }),
      new InvocationContext({ functionName: 'getTenantNumbers', invocationId: 'csv-stream' }),
    );
    expect(response.body).toBeInstanceOf(Readable);
  });

  test('the streamed answer has a weak ETag; If-None-Match with it is 304', async () => {
    const first = await list(tenant, 'format=csv');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    const again = await list(tenant, 'format=csv', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect((await list(tenant, 'format=csv&fields=telephoneNumber', { 'if-none-match': etag })).status).toBe(200);
  });

  test('with top: one page and Link rel="next", which leads through every row', async () => {
    let next: string | undefined = `format=csv&top=1000`;
    const numbers: string[] = [];
    let pages = 0;
    while (next !== undefined) {
      const page = await list(tenant, next);
      expect(page.status).toBe(200);
      numbers.push(...numbersOfCsv(page.body).map(String));
      pages++;
      const link = /^<(.+)>; rel="next"$/.exec(page.headers.get('link') ?? '')?.[1];
      if (link) expect(new URL(link).searchParams.has('code')).toBe(false);
      next = link ? new URL(link).search.slice(1) : undefined;
    }
    expect(pages).toBe(3);
    expect(numbers).toEqual(everyNumber);
  });
});
