import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { DEVSTORE_ACCOUNT_KEY, DEVSTORE_ACCOUNT_NAME } from '../test/support/azurite';
import { useSettings } from '../test/support/appState';
import { invokeHttp } from '../test/support/invokeHttp';
import { Figures, ratio } from './support/figures';
import { problemDefect } from './support/responses';
import { settle, unhandledSoFar } from './support/unhandledRejections';
import { guidRegExp, maxChannelId } from '../shared/ids/idsAndLimits';
import { routeCatalog } from '../shared/api/routeCatalog';

/**
 * Suite 2, bad input: ≥ 10,000 generated requests (fast-check) across every HTTP route, each with
 * at least one definite flaw — a hostile id, odata injection, a path trick, an unknown, repeated
 * or huge query parameter, a malformed value, a bad channel header, a forged continuation — and
 * hostile noise in other headers (CRLF and unicode where the Headers class admits them). Each must
 * be a 4xx problem+json, and the Live Platform, the token endpoint and storage must see nothing:
 * all three point at one loopback server here that counts what reaches it.
 */

const counts = { upstream: 0, token: 0, storage: 0, other: 0 };
const counting = http.createServer((request, response) => {
  const url = request.url ?? '';
  if (url.startsWith('/api/')) counts.upstream += 1;
  else if (url.startsWith('/msi/')) counts.token += 1;
  else if (url.startsWith(`/${DEVSTORE_ACCOUNT_NAME}`)) counts.storage += 1;
  else counts.other += 1;
  request.resume();
  response.writeHead(503, { 'Content-Type': 'application/json' }).end('{}');
});
const seen = () => counts.upstream + counts.token + counts.storage + counts.other;

const figures = new Figures('Bad input', 2);
let requests = 0;
let refusedByHeaders = 0;
const perRoute: Record<string, number> = {};
const statuses: Record<string, number> = {};
const defects: string[] = [];

beforeAll(async () => {
  await new Promise<void>((resolve) => counting.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(counting.address() as AddressInfo).port}`;
  const endpoint = `${base}/${DEVSTORE_ACCOUNT_NAME}`;
  useSettings({
    LIVE_PLATFORM_BASE_URL: base,
    LIVE_PLATFORM_AUTH: 'managed-identity',
    IDENTITY_ENDPOINT: `${base}/msi/token`,
    LIVE_PLATFORM_RETRIES: '0',
    LIVE_PLATFORM_CACHE_SECONDS: '0',
    SnapshotStorage: `DefaultEndpointsProtocol=http;AccountName=${DEVSTORE_ACCOUNT_NAME};AccountKey=${DEVSTORE_ACCOUNT_KEY};BlobEndpoint=${endpoint};QueueEndpoint=${endpoint};TableEndpoint=${endpoint}`,
  });
});
afterAll(() => new Promise((resolve) => counting.close(resolve)));

// ---- generators -------------------------------------------------------------------------------

const injections = [
  "' or 1 eq 1 or '",
  "x' or PartitionKey ne '",
  "' or RowKey gt '' or '",
  "') or (true",
  "PartitionKey eq 'a' or true",
  '$filter=PartitionKey ne null',
  "'; DROP TABLE ocNumbers; --",
  '../../etc/passwd',
  '..%2f..%2fadmin',
  '%2e%2e%2f',
  '..\\..\\windows',
  '/',
  '//',
  '?',
  '#',
  '%00',
  '\u0000',
  '\u202e',
  '\ufeff',
  '{{7*7}}',
  '${7*7}',
  '<script>alert(1)</script>',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'toString',
  '-1',
  '1e3',
  '0x10',
  ' 5',
  '5 ',
  'NaN',
  'Infinity',
  '٣',
  '１２３',
  '\r\n',
  'a\r\nX-Injected: 1',
];
const hostile = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...injections),
  fc.tuple(fc.uuid(), fc.constantFrom(...injections)).map(([id, trick]) => `${id}${trick}`),
  fc.uuid().map((id) => `{${id}}`),
  fc.uuid().map((id) => `${id.slice(0, -1)}g`),
  fc.uuid().map((id) => id.replace(/-/g, '')),
  fc.uuid().map((id) => `${id}/../${id}`),
);
const notAGuid = hostile.filter((value) => !guidRegExp.test(value));
const huge = fc.integer({ min: 257, max: 100_000 }).map((length) => 'A'.repeat(length));
const e164 = fc.integer({ min: 1_000_000, max: 999_999_999_999 }).map((n) => `+1${n}`);
const notE164 = hostile.filter((value) => !/^\s*\+?[1-9][0-9]{6,14}\s*$/.test(value));

/** Other headers, hostile: only what the Headers class admits reaches a handler (the host drops the rest). */
const noiseHeaderNames = [
  'x-correlation-id',
  'traceparent',
  'if-none-match',
  'accept',
  'cache-control',
  'authorization',
  'x-forwarded-for',
  'x-ms-client-principal',
  'user-agent',
];
const noiseHeaders = fc.dictionary(
  fc.constantFrom(...noiseHeaderNames),
  fc.oneof(
    hostile,
    huge.map((text) => text.slice(0, 8000)),
  ),
  { maxKeys: 4 },
);
const admitted = (value: string): boolean => {
  try {
    new Headers({ 'x-probe': value });
    return true;
  } catch {
    return false;
  }
};
// The flaw itself must reach the handler: only values the Headers class admits.
const badChannelHeader = hostile.filter((value) => {
  const trimmed = value.trim();
  return admitted(value) && trimmed !== '' && !(/^[0-9]{1,10}$/.test(trimmed) && Number(trimmed) <= maxChannelId);
});

/** Names no route knows in any letter case (query names ignore case, docs/api.md): every route's query and path names, and the function key `code`. */
const knownNames = new Set([
  'code',
  ...routeCatalog.flatMap((route) => [...Object.keys(route.query), ...route.pathParameters.map((parameter) => parameter.name)]),
]);
const knownLowerCase = new Set([...knownNames].map((name) => name.toLowerCase()));
const unknownName = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 30 }),
    fc.constantFrom('$filter', '$select', '$top', 'filter', 'tenant', '__proto__', 'constructor', 'sas', 'sig'),
  )
  .filter((name) => !knownLowerCase.has(name.toLowerCase()));

type Pair = [string, string];
const encode = (pairs: readonly Pair[]) => pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');

interface BadRequest {
  name: string;
  path: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  method: string;
}

const flawedQuery = (typed: fc.Arbitrary<Pair>, singles: readonly string[]): fc.Arbitrary<Pair[]> =>
  fc.oneof(
    typed.map((pair) => [pair]),
    fc.tuple(unknownName, fc.string({ maxLength: 40 })).map((pair) => [pair]),
    fc.tuple(unknownName, huge).map((pair) => [pair]),
    // A single-valued parameter given 2…1000 times.
    fc.tuple(fc.constantFrom(...singles), fc.integer({ min: 2, max: 1000 })).map(([name, times]) => Array.from({ length: times }, (): Pair => [name, '1'])),
  );

const channelAndSource: fc.Arbitrary<Pair> = fc.oneof(
  fc.tuple(
    fc.constant('channelId'),
    hostile.filter((v) => !/^[0-9]{1,10}$/.test(v) || Number(v) > maxChannelId),
  ),
  fc.tuple(
    fc.constant('source'),
    hostile.filter((v) => !['live', 'snapshot', 'auto'].includes(v)),
  ),
  fc.tuple(
    fc.constant('format'),
    hostile.filter((v) => !['json', 'csv'].includes(v)),
  ),
  fc.tuple(
    fc.constant('fields'),
    hostile.filter((v) => v !== '' && !/^[A-Za-z]+(,[A-Za-z]+)*$/.test(v)),
  ),
  fc.tuple(fc.constant('fields'), fc.constantFrom('password', 'PartitionKey', 'etag', 'timestamp', 'telephoneNumber,secret', 'constructor')),
);
const numberListTyped: fc.Arbitrary<Pair> = fc.oneof(
  channelAndSource,
  fc.tuple(
    fc.constantFrom('top', 'skip'),
    hostile.filter((v) => !/^[0-9]{1,9}$/.test(v)),
  ),
  fc.tuple(fc.constant('top'), fc.constantFrom('0', '1001', '99999999999999999')),
  fc.tuple(
    fc.constantFrom('numberStartsWith', 'numberContains'),
    hostile.filter((v) => !/^[+ ]?[0-9]{1,15}$/.test(v)),
  ),
  fc.tuple(fc.constantFrom('assignmentStatus', 'acquiredNumberStatus', 'isoCountryCode', 'locationId', 'civicAddressId', 'numberSource', 'capability'), huge),
  fc.tuple(fc.constantFrom('assignmentStatus', 'isoCountryCode'), fc.constant('')),
);

const tenantRoute = (
  name: string,
  suffix: (tenant: string) => fc.Arbitrary<{ path: string; params: Record<string, string> }>,
  typed: fc.Arbitrary<Pair>,
  singles: readonly string[],
  method = 'GET',
): fc.Arbitrary<BadRequest> =>
  fc.oneof(
    // A hostile tenant id (the path as the host would decode it, as a route parameter).
    fc.tuple(notAGuid, noiseHeaders).chain(([tenant, headers]) => suffix(tenant).map(({ path, params }) => ({ name, path, params, headers, method }))),
    // A valid tenant with a flawed query.
    fc
      .tuple(fc.uuid(), flawedQuery(typed, singles), noiseHeaders)
      .chain(([tenant, pairs, headers]) => suffix(tenant).map(({ path, params }) => ({ name, path: `${path}?${encode(pairs)}`, params, headers, method }))),
    // A valid tenant with a bad channel header.
    fc
      .tuple(fc.uuid(), badChannelHeader, noiseHeaders)
      .chain(([tenant, channel, headers]) =>
        suffix(tenant).map(({ path, params }) => ({ name, path, params, headers: { ...headers, 'x-ovoc-channel-id': channel }, method })),
      ),
  );

const numbersPath = (tenant: string) => fc.constant({ path: `tenants/${encodeURIComponent(tenant)}/numbers`, params: { msTenantId: tenant } });

const routes: Record<string, fc.Arbitrary<BadRequest>> = {
  getTenantNumbers: fc.oneof(
    tenantRoute('getTenantNumbers', numbersPath, numberListTyped, ['top', 'skip', 'source', 'format', 'fields', 'channelId', 'assignmentStatus']),
    fc.tuple(fc.uuid(), fc.integer({ min: 51, max: 400 })).map(([tenant, times]) => ({
      name: 'getTenantNumbers',
      path: `tenants/${tenant}/numbers?${encode(Array.from({ length: times }, (): Pair => ['capability', 'InboundCalling']))}`,
      params: { msTenantId: tenant },
      headers: {},
      method: 'GET',
    })),
    // Query channelId and header disagree.
    fc.tuple(fc.uuid(), fc.integer({ min: 0, max: 1000 })).map(([tenant, channel]) => ({
      name: 'getTenantNumbers',
      path: `tenants/${tenant}/numbers?channelId=${channel}`,
      params: { msTenantId: tenant },
      headers: { 'x-ovoc-channel-id': String(channel + 1) },
      method: 'GET',
    })),
  ),
  getTenantNumber: fc.oneof(
    tenantRoute(
      'getTenantNumber',
      (tenant) =>
        e164.map((number) => ({
          path: `tenants/${encodeURIComponent(tenant)}/numbers/${encodeURIComponent(number)}`,
          params: { msTenantId: tenant, telephoneNumber: number },
        })),
      channelAndSource,
      ['source', 'format', 'fields', 'channelId'],
    ),
    fc.tuple(fc.uuid(), notE164, noiseHeaders).map(([tenant, number, headers]) => ({
      name: 'getTenantNumber',
      path: `tenants/${tenant}/numbers/${encodeURIComponent(number)}`,
      params: { msTenantId: tenant, telephoneNumber: number },
      headers,
      method: 'GET',
    })),
  ),
  getOcNumbers: fc.oneof(
    fc.tuple(notAGuid, noiseHeaders).map(([tenant, headers]) => ({
      name: 'getOcNumbers',
      path: `v2/oc/numbers?msTenantId=${encodeURIComponent(tenant)}`,
      params: {},
      headers,
      method: 'GET',
    })),
    fc.tuple(fc.uuid(), flawedQuery(fc.tuple(fc.constant('msTenantId'), notAGuid), ['msTenantId']), noiseHeaders).map(([tenant, pairs, headers]) => ({
      name: 'getOcNumbers',
      path: `v2/oc/numbers?msTenantId=${tenant}&${encode(pairs)}`,
      params: {},
      headers,
      method: 'GET',
    })),
    fc.tuple(fc.uuid(), badChannelHeader).map(([tenant, channel]) => ({
      name: 'getOcNumbers',
      path: `v2/oc/numbers?msTenantId=${tenant}`,
      params: {},
      headers: { 'x-ovoc-channel-id': channel },
      method: 'GET',
    })),
    noiseHeaders.map((headers) => ({ name: 'getOcNumbers', path: 'v2/oc/numbers', params: {}, headers, method: 'GET' })),
  ),
  getTenantNumberChanges: tenantRoute(
    'getTenantNumberChanges',
    (tenant) => fc.constant({ path: `tenants/${encodeURIComponent(tenant)}/changes`, params: { msTenantId: tenant } }),
    fc.oneof(
      fc.tuple(fc.constantFrom('since', 'until'), hostile),
      fc.tuple(
        fc.constantFrom('since', 'until'),
        fc.constantFrom(
          '2026-02-30',
          '2026-13-01',
          '2026-00-10',
          '2025-02-29T00:00:00Z',
          '2026-01-01T25:00:00Z',
          '20260101',
          'yesterday',
          '2026-01-01T00:00:00',
        ),
      ),
      fc.tuple(
        fc.constant('changeType'),
        hostile.filter((v) => !['added', 'changed', 'released', 'reactivated'].includes(v)),
      ),
      fc.tuple(fc.constant('telephoneNumber'), notE164),
      fc.tuple(fc.constant('top'), fc.constantFrom('0', '1001', '-1', '1.5', 'all')),
      // Garbage, and well-formed tokens for another tenant's listing or with extra members.
      fc.tuple(
        fc.constant('continuation'),
        fc.oneof(
          hostile.filter((v) => v !== ''),
          fc.uuid().map((other) => Buffer.from(JSON.stringify({ scope: `changes:${other}`, nextPartitionKey: other }), 'utf8').toString('base64url')),
          fc.constant(Buffer.from('{"nextPartitionKey":"a","nextRowKey":"b"}').toString('base64url')),
        ),
      ),
    ),
    ['since', 'until', 'changeType', 'telephoneNumber', 'top', 'continuation', 'channelId'],
  ),
  requestTenantSnapshot: tenantRoute(
    'requestTenantSnapshot',
    (tenant) => fc.constant({ path: `tenants/${encodeURIComponent(tenant)}/snapshots`, params: { msTenantId: tenant } }),
    fc.oneof(
      fc.tuple(
        fc.constant('force'),
        hostile.filter((v) => v !== 'true' && v !== 'false'),
      ),
      fc.tuple(
        fc.constant('channelId'),
        hostile.filter((v) => !/^[0-9]{1,10}$/.test(v)),
      ),
    ),
    ['force', 'channelId'],
    'POST',
  ),
  listSnapshotRuns: fc
    .tuple(
      flawedQuery(
        fc.oneof(
          fc.tuple(
            fc.constant('runId'),
            hostile.filter((v) => !/^[0-9]{16}-(scheduled|manual-[0-9a-f]{6})$/.test(v)),
          ),
          fc.tuple(fc.constant('runId'), fc.constantFrom("0000000000000000-scheduled' or '1' eq '1", '9999999999999999-manual-zzzzzz')),
          fc.tuple(fc.constant('top'), fc.constantFrom('0', '101', '-5', 'ten')),
          fc.tuple(
            fc.constant('continuation'),
            fc.oneof(
              hostile.filter((v) => v !== ''),
              fc.constant(Buffer.from('{"scope":"changes:x","nextPartitionKey":"run"}').toString('base64url')),
            ),
          ),
        ),
        ['top', 'runId', 'continuation'],
      ),
      noiseHeaders,
    )
    .map(([pairs, headers]) => ({ name: 'listSnapshotRuns', path: `snapshot-runs?${encode(pairs)}`, params: {}, headers, method: 'GET' })),
};
// The routes without parameters: any query parameter but the function key is unknown.
for (const [name, path] of [
  ['health', 'health'],
  ['healthDeep', 'health/deep'],
  ['openApiDocument', 'openapi.json'],
  ['swaggerDocument', 'swagger.json'],
] as const) {
  routes[name] = fc
    .tuple(fc.array(fc.tuple(unknownName, fc.oneof(hostile, huge)), { minLength: 1, maxLength: 3 }), noiseHeaders)
    .map(([pairs, headers]) => ({ name, path: `${path}?${encode(pairs)}`, params: {}, headers, method: 'GET' }));
}

/** Drops the header values the Headers class refuses, as the host never delivers them. */
function admittedHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (admitted(value)) kept[name] = value;
    else refusedByHeaders += 1;
  }
  return kept;
}

async function expectRefused(request: BadRequest, expectedStatus?: number): Promise<void> {
  const before = seen();
  const response = await invokeHttp(request.name, request.path, { params: request.params, headers: admittedHeaders(request.headers), method: request.method });
  requests += 1;
  perRoute[request.name] = (perRoute[request.name] ?? 0) + 1;
  statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  const wrong: string[] = [];
  if (response.status < 400 || response.status >= 500 || (expectedStatus !== undefined && response.status !== expectedStatus))
    wrong.push(`status ${response.status}`);
  const defect = problemDefect(response);
  if (defect) wrong.push(defect);
  if (seen() !== before) wrong.push(`reached a dependency (${JSON.stringify(counts)})`);
  if (wrong.length > 0) {
    if (defects.length < 10)
      defects.push(`${request.name} ${request.method} ${request.path.slice(0, 200)} ${JSON.stringify(request.headers).slice(0, 200)}: ${wrong.join('; ')}`);
    throw new Error(`${request.name} ${request.path.slice(0, 200)}: ${wrong.join('; ')}`);
  }
}

const runsPerRoute = 1000;

describe('bad input on every HTTP route', () => {
  test.each(Object.keys(routes))('%s', async (name) => {
    await fc.assert(
      fc.asyncProperty(routes[name] as fc.Arbitrary<BadRequest>, (request) => expectRefused(request)),
      { numRuns: runsPerRoute, endOnFailure: true },
    );
  });

  test('a valid request for a tenant outside ALLOWED_TENANTS is 403 before any call', async () => {
    const allowed = '8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f1';
    const base = process.env['LIVE_PLATFORM_BASE_URL'] as string;
    const storage = process.env['SnapshotStorage'] as string;
    useSettings({
      LIVE_PLATFORM_BASE_URL: base,
      IDENTITY_ENDPOINT: `${base}/msi/token`,
      SnapshotStorage: storage,
      ALLOWED_TENANTS: allowed,
      LIVE_PLATFORM_RETRIES: '0',
    });
    const request = fc
      .tuple(
        fc.uuid().filter((id) => id !== allowed),
        fc.constantFrom('getTenantNumbers', 'getTenantNumber', 'getTenantNumberChanges', 'requestTenantSnapshot'),
        fc.constantFrom('live', 'snapshot', 'auto'),
        noiseHeaders,
      )
      .map(([tenant, name, source, headers]): BadRequest => {
        const number = '+14255550100';
        const path = {
          getTenantNumbers: `tenants/${tenant}/numbers?source=${source}`,
          getTenantNumber: `tenants/${tenant}/numbers/${encodeURIComponent(number)}?source=${source}`,
          getTenantNumberChanges: `tenants/${tenant}/changes`,
          requestTenantSnapshot: `tenants/${tenant}/snapshots`,
        }[name];
        return { name, path, params: { msTenantId: tenant, telephoneNumber: number }, headers, method: name === 'requestTenantSnapshot' ? 'POST' : 'GET' };
      });
    await fc.assert(
      fc.asyncProperty(request, (bad) => expectRefused(bad, 403)),
      { numRuns: 500, endOnFailure: true },
    );
  });

  afterAll(async () => {
    await settle(200);
    const unhandled = unhandledSoFar();
    const fiveHundreds = Object.entries(statuses)
      .filter(([status]) => Number(status) >= 500)
      .reduce((sum, [, n]) => sum + n, 0);
    figures.note(
      `Requests per route: ${Object.entries(perRoute)
        .map(([name, n]) => `${name} ${n}`)
        .join(', ')}. Statuses: ${Object.entries(statuses)
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}.`,
    );
    figures.note(
      `${refusedByHeaders} generated header values were refused by the Headers class (CR, LF, NUL, characters above U+00FF) and so never reach a handler; every other one was sent.`,
    );
    if (defects.length > 0) figures.note(`Wrong answers: ${defects.join(' | ')}`);
    figures.checkAll([
      { check: 'generated bad requests (all routes)', figure: requests.toLocaleString('en-US'), target: '≥ 10,000', pass: requests >= 10_000 },
      { check: '5xx answers to bad input', figure: String(fiveHundreds), target: '0', pass: fiveHundreds === 0 },
      { check: 'answered 4xx problem+json', figure: ratio(requests - defects.length, requests), target: 'all', pass: defects.length === 0 },
      {
        check: 'Live Platform / token / storage requests caused by bad input',
        figure: `${counts.upstream} / ${counts.token} / ${counts.storage}`,
        target: '0 / 0 / 0',
        pass: seen() === 0,
      },
      { check: 'unhandled rejections (bad input)', figure: String(unhandled.count), target: '0', pass: unhandled.count === 0 },
    ]);
  });
});

// ---- forged and mangled caller tokens (CALLER_AUTH=entra) ---------------------------------------

/**
 * ≥ 1,000 generated tokens sent as `Authorization: Bearer …` to the protected routes in entra mode:
 * the sandbox authority's own faults (expired, other audience or issuer, alg none, HS256 with the
 * public key, unknown or foreign key) and mutations of a valid token that carries every role —
 * claims re-encoded under the old signature, headers changed (alg, kid, an embedded jwk or jku),
 * a byte of any part flipped, parts cut, added or swapped, noise. None may be accepted: each is a
 * 401 problem, and the Live Platform, the token endpoint and storage see nothing. The signing keys
 * come from the real sandbox authority (jose's key set, fetched over https).
 */
describe('forged and mangled caller tokens (CALLER_AUTH=entra)', () => {
  const tokenCounts = { sent: 0, accepted: 0, fiveHundreds: 0, other: 0 };
  const tokenStatuses: Record<string, number> = {};
  const tokenDefects: string[] = [];
  const seenBefore = { value: 0 };
  const allRoles = ['Numbers.Read', 'Snapshots.Request', 'Snapshots.Force'];
  const faults = ['expired', 'notYetValid', 'wrongAudience', 'wrongIssuer', 'foreignKey', 'unknownKid', 'algNone', 'hs256PublicKey'] as const;
  let valid = '';
  const faulty: string[] = [];

  const issue = async (body: Record<string, unknown>): Promise<string> => {
    const response = await fetch(`${process.env['SANDBOX_CONTROL_URL']}/_sandbox/caller-tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox caller-tokens answered ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  beforeAll(async () => {
    const base = process.env['LIVE_PLATFORM_BASE_URL'] as string;
    const storage = process.env['SnapshotStorage'] as string;
    const authority = process.env['LIVE_PLATFORM_AUTHORITY_HOST'] as string;
    valid = await issue({ roles: allRoles });
    for (const fault of faults) faulty.push(await issue({ roles: allRoles, fault }), await issue({ roles: allRoles, fault, version: 1 }));
    useSettings({
      LIVE_PLATFORM_BASE_URL: base,
      IDENTITY_ENDPOINT: `${base}/msi/token`,
      SnapshotStorage: storage,
      LIVE_PLATFORM_RETRIES: '0',
      LIVE_PLATFORM_CACHE_SECONDS: '0',
      SNAPSHOT_FORCE_WITH_KEY: 'true',
      CALLER_AUTH: 'entra',
      CALLER_TENANT_ID: '5a4db0c0-0000-4000-8000-00000000d1e0',
      CALLER_AUDIENCE: 'api://oc-numbers-sandbox',
      CALLER_AUTHORITY_HOST: authority,
    });
    seenBefore.value = seen();
  });

  const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
  const parts = (token: string) => token.split('.') as [string, string, string];
  const decoded = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  /** Changes one character well inside a part (never the last, whose spare bits may not change the bytes). */
  const flip = (part: string, at: number) => {
    if (part.length < 3) return `${part}A`;
    const index = 1 + (at % (part.length - 2));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const next = alphabet[(alphabet.indexOf(part[index] as string) + 1 + (at % 63)) % 64] as string;
    return `${part.slice(0, index)}${next}${part.slice(index + 1)}`;
  };
  const claimChanges = fc.oneof(
    fc.constant({ roles: [...allRoles, 'Admin'] }),
    fc.constant({ aud: 'api://another-api' }),
    fc.constant({ aud: ['api://oc-numbers-sandbox', 'api://x'] }),
    fc.constant({ iss: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/' }),
    fc.constant({ exp: 4102444800 }),
    fc.constant({ nbf: 0, iat: 0 }),
    fc.constant({ oid: '00000000-0000-0000-0000-000000000000', sub: 'admin' }),
    fc.constant({ tid: '00000000-0000-0000-0000-000000000000' }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 3 }),
  );
  const headerChanges = fc.oneof(
    fc.constantFrom('none', 'None', 'NONE', 'HS256', 'HS512', 'RS512', 'PS256', 'ES256', 'EdDSA', '').map((alg) => ({ alg })),
    fc.constant({ kid: 'attacker' }),
    fc.constant({ kid: '../../../etc/passwd' }),
    fc.constant({ kid: undefined }),
    fc.constant({ jku: 'https://attacker.example/jwks.json' }),
    fc.constant({ x5u: 'https://attacker.example/cert.pem' }),
    fc.constant({ jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }),
    fc.constant({ crit: ['exp'] }),
    fc.constant({ typ: 'JWE', enc: 'A256GCM' }),
    fc.constant({ b64: false, crit: ['b64'] }),
  );
  const mangled: fc.Arbitrary<string> = fc.oneof(
    fc.integer({ min: 0, max: 15 }).map((i) => faulty[i % faulty.length] as string),
    fc.tuple(fc.integer({ min: 0, max: 2 }), fc.nat()).map(([which, at]) => {
      const p = [...parts(valid)];
      p[which] = flip(p[which] as string, at);
      return p.join('.');
    }),
    claimChanges.map((change) => {
      const [h, p, s] = parts(valid);
      return `${h}.${b64({ ...decoded(p), ...change })}.${s}`;
    }),
    headerChanges.map((change) => {
      const [h, p, s] = parts(valid);
      return `${b64({ ...decoded(h), ...change })}.${p}.${s}`;
    }),
    fc
      .constantFrom(
        () => parts(valid).slice(0, 2).join('.'),
        () => `${parts(valid).slice(0, 2).join('.')}.`,
        () => `${valid}.${parts(valid)[2]}`,
        () => `${valid}.x.y`,
        () => {
          const [h, p, s] = parts(valid);
          return `${p}.${h}.${s}`;
        },
        () => {
          const [h, p] = parts(valid);
          return `${h}.${p}.${parts(faulty[8] as string)[2]}`;
        },
        () => {
          const [h, , s] = parts(valid);
          return `${h}.${parts(faulty[0] as string)[1]}.${s}`;
        },
        () => valid.replace(/-/g, '+').replace(/_/g, '/'),
        () => `${valid}=`,
        () => valid.toUpperCase(),
        () => `${'A'.repeat(20_000)}.${'B'.repeat(20)}.${'C'.repeat(20)}`,
      )
      .map((make) => make()),
    hostile,
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
  const scheme = fc.constantFrom('Bearer ', 'bearer ', 'BEARER ', 'Bearer  ', 'Bearer\t', 'Basic ', 'Token ', '', 'Bearer ,Bearer ');
  const targets = fc.constantFrom(
    (tenant: string) => ({ name: 'getTenantNumbers', path: `tenants/${tenant}/numbers`, params: { msTenantId: tenant }, method: 'GET' }),
    (tenant: string) => ({
      name: 'getTenantNumber',
      path: `tenants/${tenant}/numbers/%2B14255550100`,
      params: { msTenantId: tenant, telephoneNumber: '+14255550100' },
      method: 'GET',
    }),
    (tenant: string) => ({ name: 'getOcNumbers', path: `v2/oc/numbers?msTenantId=${tenant}`, params: {}, method: 'GET' }),
    (tenant: string) => ({ name: 'getTenantNumberChanges', path: `tenants/${tenant}/changes`, params: { msTenantId: tenant }, method: 'GET' }),
    (tenant: string) => ({ name: 'requestTenantSnapshot', path: `tenants/${tenant}/snapshots?force=true`, params: { msTenantId: tenant }, method: 'POST' }),
    () => ({ name: 'listSnapshotRuns', path: 'snapshot-runs', params: {}, method: 'GET' }),
    () => ({ name: 'healthDeep', path: 'health/deep', params: {}, method: 'GET' }),
  );

  test('≥ 1,000 forged or mangled tokens: none accepted, each a 401 problem, no dependency reached', async () => {
    const attempt = fc.tuple(mangled, scheme, targets, fc.uuid(), fc.boolean());
    await fc.assert(
      fc.asyncProperty(attempt, async ([token, prefix, target, tenant, principalHeader]) => {
        const request = target(tenant);
        const authorization = `${prefix}${token}`;
        // Headers the Functions host would never deliver (CR, LF, NUL, above U+00FF) are not sent.
        const headers: Record<string, string> = admitted(authorization) ? { authorization } : {};
        // A front end's principal header claiming every role must change nothing.
        if (principalHeader)
          headers['x-ms-client-principal'] = Buffer.from(JSON.stringify({ claims: allRoles.map((val) => ({ typ: 'roles', val })) })).toString('base64');
        const before = seen();
        const response = await invokeHttp(request.name, request.path, { params: request.params, headers, method: request.method });
        tokenCounts.sent += 1;
        tokenStatuses[response.status] = (tokenStatuses[response.status] ?? 0) + 1;
        if (response.status < 400) tokenCounts.accepted += 1;
        if (response.status >= 500) tokenCounts.fiveHundreds += 1;
        const wrong: string[] = [];
        if (response.status !== 401) wrong.push(`status ${response.status}`);
        const defect = problemDefect(response);
        if (defect) wrong.push(defect);
        if (!response.headers.get('www-authenticate')?.startsWith('Bearer authorization_uri="')) wrong.push('no Bearer challenge');
        if (seen() !== before) wrong.push(`reached a dependency (${JSON.stringify(counts)})`);
        if (wrong.length > 0) {
          tokenCounts.other += 1;
          if (tokenDefects.length < 10) tokenDefects.push(`${request.name} ${authorization.slice(0, 80)}: ${wrong.join('; ')}`);
          throw new Error(`${request.name} with ${authorization.slice(0, 80)}: ${wrong.join('; ')}`);
        }
      }),
      { numRuns: 1200, endOnFailure: true },
    );
  });

  test("the valid token itself is accepted (so the 401s above are the forgeries' doing)", async () => {
    // Past sign-in, the route refuses the tenant id itself (400) before any dependency call.
    const response = await invokeHttp('getTenantNumbers', 'tenants/not-a-guid/numbers', {
      params: { msTenantId: 'not-a-guid' },
      headers: { authorization: `Bearer ${valid}` },
    });
    expect(response.status).toBe(400);
  });

  afterAll(() => {
    figures.note(
      `Forged tokens: statuses ${Object.entries(tokenStatuses)
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}.`,
    );
    if (tokenDefects.length > 0) figures.note(`Wrong answers to forged tokens: ${tokenDefects.join(' | ')}`);
    const reached = `${counts.upstream} / ${counts.token} / ${counts.storage}`;
    figures.checkAll([
      {
        check: 'generated forged or mangled caller tokens (CALLER_AUTH=entra)',
        figure: tokenCounts.sent.toLocaleString('en-US'),
        target: '≥ 1,000',
        pass: tokenCounts.sent >= 1000,
      },
      { check: 'forged tokens accepted', figure: String(tokenCounts.accepted), target: '0', pass: tokenCounts.accepted === 0 },
      { check: '5xx answers to forged tokens', figure: String(tokenCounts.fiveHundreds), target: '0', pass: tokenCounts.fiveHundreds === 0 },
      {
        check: 'answered 401 problem+json with a Bearer challenge',
        figure: ratio(tokenCounts.sent - tokenCounts.other, tokenCounts.sent),
        target: 'all',
        pass: tokenCounts.other === 0,
      },
      { check: 'Live Platform / token / storage requests caused by forged tokens', figure: reached, target: '0 / 0 / 0', pass: seen() === seenBefore.value },
    ]);
  });
});
