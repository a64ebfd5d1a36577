import { Readable } from 'node:stream';
import type { HttpHandler } from '@azure/functions';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { useSettings } from '../support/appState';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { startCountingStorage, type CountingStorage } from '../support/countingStorage';
import { invokeHttp } from '../support/invokeHttp';
import { registeredHandler } from '../support/loadFunctionApp';
import { walkNextLinks } from '../support/walkNextLinks';
import { apiDocuments } from '../../scripts/api/apiDocuments';
import { documentValidator } from '../api/support/documentValidator';
import { tablesOn } from '../snapshots/support/snapshotHarness';
import { number, sharedNumber, snapshotFixture, type Fixture } from './viewFixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let azurite: AzuriteHandle;
let counting: CountingStorage;
let t: Fixture;

beforeAll(async () => {
  azurite = await startAzurite();
  counting = await startCountingStorage();
  t = await snapshotFixture(tablesOn(azurite.connectionString));
  // An unassigned number idle for 40 days (the snapshots would have kept that date all along).
  const tables = tablesOn(azurite.connectionString);
  const idle = await tables.numbers.getEntity<Json>(t.a, number('a', 2));
  await tables.numbers.updateEntity({ partitionKey: t.a, rowKey: number('a', 2), unassignedSince: new Date(Date.now() - 40 * 86_400_000) }, 'Merge');
  expect(idle['unassignedSince']).toBeInstanceOf(Date);
}, 120_000);

afterAll(async () => {
  await azurite?.stop();
  await counting?.close();
});

const visible = (allowed?: string) => useSettings({ SnapshotStorage: azurite.connectionString, ALLOWED_TENANTS: allowed });
const find = (telephoneNumber: string) => invokeHttp('findNumber', `numbers/${encodeURIComponent(telephoneNumber)}`, { params: { telephoneNumber } });
const operator = (query = '', headers: Record<string, string> = {}) => invokeHttp('listOperatorNumbers', `numbers${query ? `?${query}` : ''}`, { headers });
const numbersOf = (body: Json) =>
  (body['value'] as Json[]).map((item) => `${item['msTenantId'] === t.a ? 'a' : item['msTenantId'] === t.b ? 'b' : 'c'} ${item['telephoneNumber']}`);

describe('findNumber', () => {
  test('answers the current holder and every holder, newest first, from the index', async () => {
    visible();
    const found = await find(sharedNumber);
    expect(found.status).toBe(200);
    const body = found.json();
    expect(body['telephoneNumber']).toBe(sharedNumber);
    expect(body['current']).toMatchObject({ telephoneNumber: sharedNumber, msTenantId: t.a, state: 'active', assignmentStatus: 'ConferenceAssigned' });
    expect((body['holders'] as Json[]).map((holder) => [holder['msTenantId'], holder['state']])).toEqual([
      [t.a, 'active'],
      [t.c, 'active'],
      [t.b, 'released'],
    ]);
    expect((body['holders'] as Json[])[2]?.['releasedAt']).toEqual(expect.any(String));
    // %2B and digits only find the same number.
    expect((await invokeHttp('findNumber', 'numbers/%2B12065559999', { params: { telephoneNumber: '%2B12065559999' } })).json()).toEqual(body);
    expect((await invokeHttp('findNumber', 'numbers/12065559999', { params: { telephoneNumber: '12065559999' } })).json()).toEqual(body);
  });

  test('ALLOWED_TENANTS: a hidden tenant is never a holder, and a number only it held is 404', async () => {
    visible(`${t.a},${t.b}`);
    const body = (await find(sharedNumber)).json();
    expect(JSON.stringify(body)).not.toContain(t.c);
    expect((body['holders'] as Json[]).map((holder) => holder['msTenantId'])).toEqual([t.a, t.b]);
    expect((await find(number('c', 0))).status).toBe(404);

    visible(t.c);
    const fromC = (await find(sharedNumber)).json();
    expect(fromC['current']).toMatchObject({ msTenantId: t.c, assignmentStatus: 'VoiceApp' });
    expect(fromC['holders']).toHaveLength(1);
  });

  test('404 for a number no snapshot saw; 400 for a malformed one without a storage call', async () => {
    visible();
    const missing = await find('+19995550100');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');

    useSettings({ SnapshotStorage: counting.connectionString });
    const bad = await invokeHttp('findNumber', 'numbers/not-a-number', { params: { telephoneNumber: 'not-a-number' } });
    expect(bad.status).toBe(400);
    expect(bad.json()['errors']).toEqual([expect.objectContaining({ parameter: 'telephoneNumber' })]);
    expect((await invokeHttp('findNumber', `numbers/${sharedNumber}?top=1`, { params: { telephoneNumber: sharedNumber } })).status).toBe(400);
    expect(counting.requests()).toBe(0);
  });
});

describe('listTenants', () => {
  test("lists each tenant's counts as its snapshots kept them; ALLOWED_TENANTS hides the others", async () => {
    visible();
    const all = (await invokeHttp('listTenants', 'tenants')).json();
    expect(all['count']).toBe(3);
    const byId = new Map((all['value'] as Json[]).map((tenant) => [tenant['msTenantId'], tenant]));
    expect(byId.get(t.a)).toMatchObject({
      active: 7,
      released: 0,
      unassigned: 2,
      unassignedShare: 2 / 7,
      byAssignmentStatus: { UserAssigned: 3, Unassigned: 1, VoiceApp: 1, ConferenceAssigned: 1, '(none)': 1 },
      byIsoCountryCode: { US: 6, GB: 1 },
      lastOutcome: 'succeeded',
      channelId: null,
    });
    expect(byId.get(t.b)).toMatchObject({ active: 1, released: 1, unassigned: 0, unassignedShare: 0 });
    expect(byId.get(t.a)?.['lastSucceededAt']).toEqual(expect.any(String));

    visible(`${t.a},${t.b}`);
    const allowed = await invokeHttp('listTenants', 'tenants?format=csv');
    expect(allowed.body).not.toContain(t.c);
    expect(allowed.body.trim().split('\r\n')).toHaveLength(3);
    expect(allowed.headers.get('content-type')).toContain('text/csv');
    const json = (await invokeHttp('listTenants', 'tenants')).json();
    expect((json['value'] as Json[]).map((tenant) => tenant['msTenantId'])).toEqual([t.a, t.b]);
  });

  test('filters by unassigned share and snapshot age, and pages by nextLink', async () => {
    visible();
    const share = (await invokeHttp('listTenants', 'tenants?unassignedShareAbove=0.2')).json();
    expect((share['value'] as Json[]).map((tenant) => tenant['msTenantId'])).toEqual([t.a]);
    expect((await invokeHttp('listTenants', 'tenants?staleSnapshotHours=0')).json()['count']).toBe(3);
    expect((await invokeHttp('listTenants', 'tenants?staleSnapshotHours=1')).json()['count']).toBe(0);
    const pages = await walkNextLinks<Json>('listTenants', 'tenants?top=2');
    expect(pages.map((page) => page['count'])).toEqual([2, 1]);

    useSettings({ SnapshotStorage: counting.connectionString });
    for (const query of ['unassignedShareAbove=2', 'staleSnapshotHours=-1', 'top=0', 'format=xml', 'bogus=1']) {
      expect({ query, status: (await invokeHttp('listTenants', `tenants?${query}`)).status }).toEqual({ query, status: 400 });
    }
    expect(counting.requests()).toBe(0);
  });
});

describe('listOperatorNumbers', () => {
  test('JSON pages of every visible active number, each with its tenant, followed by nextLink', async () => {
    visible();
    const pages = await walkNextLinks<Json>('listOperatorNumbers', 'numbers?top=3');
    expect(pages.map((page) => page['count'])).toEqual([3, 3, 3, 3]);
    expect(pages[3]?.['nextLink']).toBeUndefined();
    const items = pages.flatMap((page) => page['value'] as Json[]);
    expect(items.map((item) => item['msTenantId'])).toEqual([...Array(7).fill(t.a), t.b, ...Array(4).fill(t.c)]);
    expect(items[0]).toMatchObject({ source: 'webapi', state: 'active', firstSeenAt: expect.any(String), releasedAt: null });
    expect(pages[0]).toMatchObject({ source: 'snapshot', warnings: [] });

    const released = (await operator('state=released')).json();
    expect(numbersOf(released)).toEqual([`b ${sharedNumber}`]);
    expect((await operator('state=all')).json()['count']).toBe(13);
    const filtered = (await operator(`msTenantId=${t.a.toUpperCase()},${t.b}&isoCountryCode=gb&fields=telephoneNumber`)).json();
    expect(filtered['value']).toEqual([expect.objectContaining({ telephoneNumber: number('a', 4), msTenantId: t.a })]);
    expect(Object.keys((filtered['value'] as Json[])[0] ?? {}).sort()).toEqual([
      'firstSeenAt',
      'lastChangedAt',
      'msTenantId',
      'releasedAt',
      'state',
      'telephoneNumber',
      'unassignedSince',
    ]);
  });

  test('the three reports', async () => {
    visible();
    expect(numbersOf((await operator('report=assignedWithoutEmergencyAddress')).json())).toEqual([
      `a ${number('a', 1)}`,
      `a ${number('a', 3)}`,
      `c ${number('c', 0)}`,
      `c ${number('c', 1)}`,
      `c ${number('c', 2)}`,
    ]);
    const idle = (await operator('report=idleUnassigned')).json();
    expect(numbersOf(idle)).toEqual([`a ${number('a', 2)}`]);
    expect(Date.parse((idle['value'] as Json[])[0]?.['unassignedSince'])).toBeLessThan(Date.now() - 39 * 86_400_000);
    // minDays=0: every active unassigned number (empty or null status counts as unassigned).
    expect(numbersOf((await operator('report=idleUnassigned&minDays=0')).json())).toEqual([`a ${number('a', 2)}`, `a ${number('a', 5)}`]);
    const recent = (await operator('report=recentlyReleased&days=1')).json();
    expect(numbersOf(recent)).toEqual([`b ${sharedNumber}`]);
    expect((recent['value'] as Json[])[0]?.['releasedAt']).toEqual(expect.any(String));
  });

  test('the streamed CSV is byte for byte the paged CSV of the same rows', async () => {
    visible();
    for (const query of ['format=csv&state=all', 'format=csv&fields=telephoneNumber,assignmentStatus,sbcList', 'format=csv&report=idleUnassigned&minDays=0']) {
      const streamed = await operator(query);
      const paged = await operator(`${query}&top=1000`);
      expect(paged.headers.get('link')).toBeNull();
      expect(streamed.body.split('\r\n').length).toBeGreaterThan(2);
      expect({ query, body: streamed.body }).toEqual({ query, body: paged.body });
    }
  });

  test('CSV and NDJSON without top stream every matching number; with top, one page and a Link header', async () => {
    visible();
    const handler = registeredHandler<HttpHandler>('listOperatorNumbers');
    const request = new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/numbers?format=csv', headers: {} });
    const response = await handler(request, new InvocationContext({ functionName: 'listOperatorNumbers', invocationId: 'stream-test' }));
    expect(response.body).toBeInstanceOf(Readable);

    const csv = await operator('format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(13);
    expect(lines[0]).toMatch(/^"msTenantId","telephoneNumber","id",.*"state","firstSeenAt","lastChangedAt","releasedAt","unassignedSince"$/);
    expect(lines[1]).toContain(`"${t.a}","${number('a', 0)}"`);

    const ndjson = await operator('', { Accept: 'application/x-ndjson' });
    expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const items = ndjson.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json);
    expect(items).toHaveLength(12);
    expect(items.every((item) => item['state'] === 'active')).toBe(true);

    const page = await operator('format=csv&top=5');
    expect(page.body.trim().split('\r\n')).toHaveLength(6);
    const link = /^<(.+)>; rel="next"$/.exec(page.headers.get('link') ?? '')?.[1];
    expect(link).toBeDefined();
    const next = new URL(link as string);
    expect(next.searchParams.has('code')).toBe(false);
    const second = await operator(next.search.slice(1));
    expect(second.body.trim().split('\r\n')[1]).toContain(number('a', 5));
  });

  test('ALLOWED_TENANTS: hidden numbers are never listed, exported or counted; asking for a hidden tenant is 403', async () => {
    visible(`${t.a},${t.b}`);
    for (const query of [
      '',
      'state=all',
      'format=csv',
      'format=ndjson',
      'report=assignedWithoutEmergencyAddress',
      'report=idleUnassigned&minDays=0',
      'report=recentlyReleased',
    ]) {
      const response = await operator(query);
      expect({ query, status: response.status, leaks: response.body.includes(t.c) }).toEqual({ query, status: 200, leaks: false });
    }
    expect((await operator()).json()['count']).toBe(8);
    const hidden = await operator(`msTenantId=${t.c}`);
    expect(hidden.status).toBe(403);
    expect(hidden.body).toContain('ALLOWED_TENANTS');
  });

  test('400 naming the parameter, with no storage call, for a malformed request', async () => {
    useSettings({ SnapshotStorage: counting.connectionString });
    const cases: [string, string][] = [
      ['state=gone', 'state'],
      ['report=everything', 'report'],
      ['minDays=3', 'minDays'],
      ['report=idleUnassigned&days=3', 'days'],
      ['report=idleUnassigned&state=all', 'state'],
      ['msTenantId=nope', 'msTenantId'],
      ['top=1001', 'top'],
      ['format=xml', 'format'],
      ['fields=telephoneNumber,bogus', 'fields'],
      ['continuation=eyJ0IjoiMSJ9', 'continuation'],
      ['numberStartsWith=abc', 'numberStartsWith'],
      ['source=live', 'source'],
    ];
    for (const [query, parameter] of cases) {
      const response = await operator(query);
      expect({ query, status: response.status, parameters: (response.json()['errors'] as Json[]).map((error) => error['parameter']) }).toEqual({
        query,
        status: 400,
        parameters: [parameter],
      });
    }
    expect(counting.requests()).toBe(0);
  });

  test('an operator with no snapshot yet gets empty answers, not errors', async () => {
    const empty = await startAzurite();
    try {
      useSettings({ SnapshotStorage: empty.connectionString });
      expect((await operator()).json()).toMatchObject({ count: 0, value: [] });
      expect((await operator('format=csv')).body.trim().split('\r\n')).toHaveLength(1);
      expect((await invokeHttp('listTenants', 'tenants')).json()).toMatchObject({ count: 0, value: [] });
      expect((await find(sharedNumber)).status).toBe(404);
    } finally {
      await empty.stop();
    }
  });
});

describe('the answers match the documented schemas', () => {
  const openApi = apiDocuments().openApi as Json;
  const compile = documentValidator(openApi);
  const expectValid = (component: string, body: unknown) => {
    const validate = compile({ $ref: `#/components/schemas/${component}` });
    expect({ component, errors: validate(body) ? null : validate.errors }).toEqual({ component, errors: null });
  };

  test('findNumber, listTenants and listOperatorNumbers (JSON, with fields, each report)', async () => {
    visible();
    expectValid('FoundNumber', (await find(sharedNumber)).json());
    expectValid('FoundNumber', (await find(number('b', 0))).json());
    expectValid('TenantList', (await invokeHttp('listTenants', 'tenants?top=1')).json());
    for (const query of [
      '',
      'state=all&top=2',
      'fields=telephoneNumber,assignmentStatus',
      'report=assignedWithoutEmergencyAddress',
      'report=idleUnassigned&minDays=0',
      'report=recentlyReleased',
    ]) {
      expectValid('OperatorNumberList', (await operator(query)).json());
    }
    expectValid('Problem', (await operator('state=gone')).json());
  });
});
