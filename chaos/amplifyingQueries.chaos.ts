import fc from 'fast-check';
import { maxLogLineChars } from '../shared/logging/logger';
import { useSettings } from '../test/support/appState';
import { invokeHttp, type InvokeResult } from '../test/support/invokeHttp';
import { registerTenant, uniqueTenantId } from '../test/support/sandboxControl';
import { Figures } from './support/figures';
import { problemDefect } from './support/responses';
import { settle, unhandledSoFar } from './support/unhandledRejections';

/**
 * Suite 8, amplifying queries (issue 15): ≥ 1,000 generated requests built to make one request cost
 * far more than its size — dozens of repeated or comma-listed capabilities, `fields` at and past
 * its length, up to 1,000 unknown parameters, 60,000-character values and `eyJ…` runs (the shape
 * the log redaction looks for) in every parameter and in the path — against a 3,000-number tenant.
 * No answer may be a 5xx; the largest answer, the largest log line and the slowest request are
 * reported, the first two against their bounds.
 */

const figures = new Figures('Amplifying queries', 8);
const requestsWanted = Number(process.env['CHAOS_AMPLIFYING_QUERIES'] ?? 1000);
const tenantSize = 3_000;

let tenant = '';
let requests = 0;
let fiveHundreds = 0;
let pageBytes = 0;
const statuses: Record<string, number> = {};
const defects: string[] = [];
const largest = { answer: 0, answerWhat: '', problem: 0, problemWhat: '', logLine: 0, logWhat: '', slowestMs: 0, slowestWhat: '' };

beforeAll(async () => {
  useSettings({ LIVE_PLATFORM_RATE_LIMIT: '10000', LIVE_PLATFORM_RETRIES: '0', LIVE_PLATFORM_CACHE_SECONDS: '600' });
  tenant = uniqueTenantId();
  await registerTenant(tenant, { shape: 'modern', count: tenantSize });
  // The largest answer a harmless query gets: one page of 1,000 records, JSON or CSV.
  for (const query of ['top=1000', 'top=1000&format=csv']) {
    pageBytes = Math.max(
      pageBytes,
      Buffer.byteLength((await invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers?${query}`, { params: { msTenantId: tenant } })).body),
    );
  }
});

// ---- generators -------------------------------------------------------------------------------

const capabilities = [
  'InboundCalling',
  'OutboundCalling',
  'UserAssignment',
  'ConferenceAssignment',
  'VoiceApplicationAssignment',
  'FirstPartyAppAssignment',
  'Office365Conferencing',
  'TeamsPhoneMobile',
];
const fieldNames = ['telephoneNumber', 'msTenantId', 'assignmentStatus', 'acquiredCapabilities', 'locationId', 'civicAddressId', 'isoCountryCode', 'extra'];

/** A long value: plain, the JWT-looking `eyJ…` run, or JWT-shaped segments, up to 60,000 characters. */
const longValue = fc
  .record({ length: fc.oneof(fc.integer({ min: 257, max: 5_000 }), fc.constantFrom(20_000, 60_000)), shape: fc.constantFrom('plain', 'eyJ', 'segments') })
  .map(({ length, shape }) => {
    if (shape === 'plain') return 'a'.repeat(length);
    if (shape === 'eyJ') return 'eyJ'.repeat(Math.ceil(length / 3)).slice(0, length);
    return Array.from({ length: Math.ceil(length / 12) }, () => 'eyJhbGciOi')
      .join('.')
      .slice(0, length);
  });

type Pair = [string, string];

const amplifier: fc.Arbitrary<{ kind: string; pairs: Pair[] }> = fc.oneof(
  fc
    .array(fc.constantFrom(...capabilities, ...capabilities.map((c) => c.toUpperCase())), { minLength: 2, maxLength: 50 })
    .map((values) => ({ kind: 'repeated capability', pairs: values.map((v): Pair => ['capability', v]) })),
  fc
    .array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 5, maxLength: 200 })
    .map((values) => ({ kind: 'capability comma list', pairs: [['capability', values.join(',')] as Pair] })),
  fc
    .array(fc.constantFrom(...fieldNames), { minLength: 1, maxLength: 400 })
    .map((values) => ({ kind: 'fields', pairs: [['fields', values.join(',')] as Pair] })),
  fc
    .array(
      fc.string({ minLength: 1, maxLength: 12 }).filter((name) => /^[a-z]+$/i.test(name)),
      { minLength: 1, maxLength: 50 },
    )
    .map((names) => ({ kind: 'unknown field names', pairs: [['fields', `telephoneNumber,${names.map((n) => `${n}${'q'.repeat(200)}`).join(',')}`] as Pair] })),
  fc
    .integer({ min: 20, max: 1_000 })
    .map((count) => ({ kind: 'unknown parameters', pairs: Array.from({ length: count }, (_, index): Pair => [`unknownParameter${index}`, 'eyJ'.repeat(10)]) })),
  fc
    .tuple(fc.integer({ min: 1, max: 3 }), longValue)
    .map(([count, value]) => ({ kind: 'long unknown parameter names', pairs: Array.from({ length: count }, (_, index): Pair => [`${value}${index}`, '1']) })),
  fc
    .tuple(
      fc.constantFrom(
        'fields',
        'capability',
        'assignmentStatus',
        'locationId',
        'civicAddressId',
        'numberSource',
        'numberContains',
        'isoCountryCode',
        'channelId',
        'top',
        'skip',
        'source',
        'format',
      ),
      longValue,
    )
    .map(([name, value]) => ({ kind: 'long value', pairs: [[name, value] as Pair] })),
  fc
    .constantFrom<Pair[]>(
      [['top', '1000']],
      [
        ['top', '1000'],
        ['format', 'csv'],
      ],
      [
        ['top', '1000'],
        ['fields', fieldNames.join(',')],
      ],
      [['numberContains', '1']],
      [['capability', 'inboundcalling']],
    )
    .map((pairs) => ({ kind: 'largest legitimate', pairs })),
);

const target = fc.constantFrom(
  'getTenantNumbers',
  'getTenantNumbers',
  'getTenantNumbers',
  'getOcNumbers',
  'getTenantNumberChanges',
  'listSnapshotRuns',
  'path',
);

// ---- checks -----------------------------------------------------------------------------------

function describeRequest(route: string, kind: string, query: string): string {
  return `${route} ${kind} (${query.length.toLocaleString('en-US')}-character query)`;
}

function measure(response: InvokeResult, what: string, ms: number): void {
  requests += 1;
  statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  const bytes = Buffer.byteLength(response.body);
  if (response.status >= 500) {
    fiveHundreds += 1;
    if (defects.length < 10) defects.push(`${what}: ${response.status} ${response.body.slice(0, 200)}`);
  }
  if (response.status >= 400) {
    const defect = problemDefect(response);
    if (defect && defects.length < 10) defects.push(`${what}: ${defect}`);
    if (bytes > largest.problem) Object.assign(largest, { problem: bytes, problemWhat: what });
  }
  if (bytes > largest.answer) Object.assign(largest, { answer: bytes, answerWhat: `${what} → ${response.status}` });
  for (const line of response.logs) if (line.length > largest.logLine) Object.assign(largest, { logLine: line.length, logWhat: what });
  if (ms > largest.slowestMs) Object.assign(largest, { slowestMs: ms, slowestWhat: `${what} → ${response.status}` });
}

async function send(route: string, kind: string, pairs: Pair[]): Promise<void> {
  const query = pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  const what = describeRequest(route, kind, query);
  const started = performance.now();
  let response: InvokeResult;
  if (route === 'getTenantNumbers') response = await invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers?${query}`, { params: { msTenantId: tenant } });
  else if (route === 'getOcNumbers') response = await invokeHttp('getOcNumbers', `v2/oc/numbers?msTenantId=${tenant}&${query}`);
  else if (route === 'getTenantNumberChanges')
    response = await invokeHttp('getTenantNumberChanges', `tenants/${tenant}/changes?${query}`, { params: { msTenantId: tenant } });
  else if (route === 'listSnapshotRuns') response = await invokeHttp('listSnapshotRuns', `snapshot-runs?${query}`);
  else {
    const id = pairs
      .map(([name, value]) => `${name}${value}`)
      .join('')
      .slice(0, 60_000);
    response = await invokeHttp('getTenantNumbers', `tenants/${encodeURIComponent(id)}/numbers`, { params: { msTenantId: id } });
  }
  measure(response, what, performance.now() - started);
}

describe('amplifying queries', () => {
  test(`${requestsWanted} generated requests`, async () => {
    await fc.assert(
      fc.asyncProperty(target, amplifier, async (route, { kind, pairs }) => send(route, kind, pairs)),
      { numRuns: requestsWanted, endOnFailure: true, seed: Number(process.env['CHAOS_SEED'] ?? 15) },
    );
  }, 1_800_000);

  afterAll(async () => {
    await settle(200);
    const unhandled = unhandledSoFar();
    const logBound = maxLogLineChars + 200;
    const problemBound = 8 * 1024;
    figures.note(
      `Seed ${process.env['CHAOS_SEED'] ?? 15}; a ${tenantSize.toLocaleString('en-US')}-number tenant, live answers cached (600 s) so each request measures the query's own cost. Statuses: ${Object.entries(
        statuses,
      )
        .map(([s, n]) => `${s}×${n}`)
        .join(
          ', ',
        )}. Largest answer: ${largest.answerWhat}. Largest problem: ${largest.problemWhat}. Largest log line: ${largest.logWhat}. Slowest: ${largest.slowestWhat}.`,
    );
    if (defects.length > 0) figures.note(`Defects: ${defects.join(' | ')}`);
    figures.checkAll([
      {
        check: 'generated amplifying requests',
        figure: requests.toLocaleString('en-US'),
        target: '≥ 1,000',
        pass: requests >= 1_000 || process.env['CHAOS_AMPLIFYING_QUERIES'] !== undefined,
      },
      { check: '5xx answers', figure: String(fiveHundreds), target: '0', pass: fiveHundreds === 0 },
      { check: 'error answers are problem+json', figure: String(defects.length), target: '0 defects', pass: defects.length === 0 },
      {
        check: 'largest answer (bytes)',
        figure: largest.answer.toLocaleString('en-US'),
        target: `≤ one 1,000-record page (${pageBytes.toLocaleString('en-US')}) + 16 KiB (its nextLink keeps the query)`,
        pass: largest.answer <= pageBytes + 16 * 1024,
      },
      {
        check: 'largest problem answer (bytes)',
        figure: largest.problem.toLocaleString('en-US'),
        target: `≤ ${problemBound.toLocaleString('en-US')}`,
        pass: largest.problem <= problemBound,
      },
      {
        check: 'largest log line (characters)',
        figure: largest.logLine.toLocaleString('en-US'),
        target: `≤ ${logBound.toLocaleString('en-US')} (the 8,192 bound plus its prefix)`,
        pass: largest.logLine <= logBound,
      },
      { check: 'slowest request (ms)', figure: largest.slowestMs.toFixed(0), target: 'report', pass: true },
      { check: 'unhandled rejections (amplifying queries)', figure: String(unhandled.count), target: '0', pass: unhandled.count === 0 },
    ]);
  });
});
