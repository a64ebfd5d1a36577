import fc from 'fast-check';
import { manualRunId } from '../shared/snapshots/runIds';
import { outcomePartition, type OutcomeEntity } from '../shared/snapshots/runRows';
import { appSnapshotTables } from '../shared/storage/snapshotTables';
import { useSettings } from '../test/support/appState';
import { invokeHttp, type InvokeResult } from '../test/support/invokeHttp';
import { getStats, registerTenant, uniqueTenantId } from '../test/support/sandboxControl';
import { deliver } from '../test/snapshots/support/queueDelivery';
import { Figures, ratio } from './support/figures';
import { settle, unhandledSoFar } from './support/unhandledRejections';

/**
 * Suite 7, hostile upstream bodies (issue 15): ≥ 1,000 generated Live Platform answers whose
 * records carry deep nesting (to 100,000 levels), huge strings, prototype keys, wrong types and
 * duplicate keys, mixed with valid records and with items that are not records at all. The sandbox
 * serves each record's JSON text byte for byte. Each body is read through getTenantNumbers (JSON
 * twice, the second from the cache, and CSV) and getOcNumbers; every 25th is also snapshotted.
 * No answer may be a 5xx, no failure may be cached, and every valid record must be served.
 */

const figures = new Figures('Hostile bodies', 7);
const bodiesWanted = Number(process.env['CHAOS_HOSTILE_BODIES'] ?? 1000);
const snapshotEvery = 25;

let bodies = 0;
let requests = 0;
let snapshots = 0;
let snapshotsSucceeded = 0;
let fiveHundreds = 0;
let cachedFailures = 0;
let validRecords = 0;
let validServed = 0;
let largestBody = 0;
let deepest = 0;
const kinds: Record<string, number> = {};
const defects: string[] = [];

beforeAll(() =>
  useSettings({
    LIVE_PLATFORM_RATE_LIMIT: '10000',
    LIVE_PLATFORM_RETRIES: '0',
    LIVE_PLATFORM_CACHE_SECONDS: '60',
    LIVE_PLATFORM_MAX_RESPONSE_BYTES: String(64 * 1024 * 1024),
  }),
);

// ---- generators -------------------------------------------------------------------------------

const nested = (depth: number, open: '[' | '{"a":') =>
  open === '[' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const json = (value: unknown) => JSON.stringify(value);

/** A hostile value for a field: what it is, and its JSON text. */
const hostileValue: fc.Arbitrary<{ kind: string; text: string; depth?: number }> = fc.oneof(
  fc
    .record({ depth: fc.oneof(fc.integer({ min: 33, max: 2_000 }), fc.constantFrom(10_000, 100_000)), open: fc.constantFrom<'[' | '{"a":'>('[', '{"a":') })
    .map(({ depth, open }) => ({ kind: depth >= 10_000 ? 'deep nesting ≥ 10,000' : 'deep nesting', text: nested(depth, open), depth })),
  fc.integer({ min: 70_000, max: 400_000 }).map((length) => ({ kind: 'huge string', text: json('x'.repeat(length)) })),
  fc.integer({ min: 20_000, max: 60_000 }).map((length) => ({ kind: 'huge array', text: `[${Array.from({ length }, () => '0').join(',')}]` })),
  fc.constantFrom('{"polluted":"yes"}', '{"__proto__":{"admin":true}}', 'null', '[]', '"x"').map((text) => ({ kind: 'prototype value', text })),
  fc
    .oneof(
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
      fc.string({ maxLength: 40 }),
      fc.array(fc.integer(), { maxLength: 5 }),
      fc.object({ maxDepth: 3 }),
    )
    .map((value) => ({ kind: 'wrong type', text: json(value) ?? 'null' })),
);

// Not tenantId: one of a wrong type fails the core schema, so the record is rightly dropped.
const knownFields = [
  'id',
  'source',
  'isoCountryCode',
  'assignmentStatus',
  'acquiredNumberStatus',
  'acquiredCapabilities',
  'availableCapabilities',
  'callingProfileId',
  'locationId',
  'civicAddressId',
  'acquiredOn',
  'sbcList',
  'aslvCode',
  'uploadTelephoneNumberEntryId',
];
const fieldName = fc.oneof(
  fc.constantFrom(...knownFields),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'),
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.integer({ min: 1_000, max: 60_000 }).map((length) => `long${'n'.repeat(length)}`),
);

interface RecordText {
  text: string;
  depth: number;
  /** The telephone number it must be served under, when the record is valid. */
  valid?: string;
  kinds: string[];
}

/** A valid record (E.164 number, this tenant), possibly with hostile fields and duplicate keys added. */
function validRecord(tenant: string, number: string): fc.Arbitrary<RecordText> {
  return fc
    .record({
      extras: fc.array(fc.tuple(fieldName, hostileValue), { maxLength: 3 }),
      duplicateNumber: fc.boolean(),
      duplicateField: fc.boolean(),
    })
    .map(({ extras, duplicateNumber, duplicateField }) => {
      const parts = [`"telephoneNumber":"${number}"`, `"tenantId":"${tenant}"`, '"assignmentStatus":"Unassigned"', '"acquiredCapabilities":["InboundCalling"]'];
      const recordKinds: string[] = [];
      let depth = 0;
      for (const [name, value] of extras) {
        depth = Math.max(depth, value.depth ?? 0);
        parts.push(`${json(name)}:${value.text}`);
        recordKinds.push(value.kind);
        if (['__proto__', 'constructor', 'prototype'].includes(name)) recordKinds.push('prototype key');
      }
      // Duplicate keys: JSON.parse keeps the last, so the valid number (or a valid status) comes last.
      if (duplicateNumber) {
        parts.unshift(`"telephoneNumber":${nested(50, '[')}`);
        recordKinds.push('duplicate key');
      }
      if (duplicateField) {
        parts.push('"locationId":{"a":1}', '"locationId":"L1"');
        recordKinds.push('duplicate key');
      }
      return { text: `{${parts.join(',')}}`, valid: number, kinds: recordKinds, depth };
    });
}

/** Items that are no usable record: dropped (counted), never a failure. */
const invalidRecord: fc.Arbitrary<RecordText> = fc.oneof(
  fc
    .constantFrom(
      'null',
      '1',
      '"+14255550100"',
      '[]',
      'true',
      '{}',
      '{"telephoneNumber":12065550100}',
      '{"telephoneNumber":"not a number"}',
      '{"__proto__":{"telephoneNumber":"+14255550100"}}',
    )
    .map((text) => ({ text, kinds: ['not a record'], depth: 0 })),
  hostileValue.map((value) => ({ text: `{"telephoneNumber":${value.text}}`, kinds: [`hostile telephoneNumber (${value.kind})`], depth: value.depth ?? 0 })),
  hostileValue.map((value) => ({ text: value.text, kinds: [`hostile item (${value.kind})`], depth: value.depth ?? 0 })),
);

const body = fc
  .record({ valid: fc.integer({ min: 1, max: 6 }), invalid: fc.integer({ min: 0, max: 3 }), base: fc.integer({ min: 14_255_550_000, max: 14_255_559_000 }) })
  .chain(({ valid, invalid, base }) => {
    const tenant = uniqueTenantId();
    const records = Array.from({ length: valid }, (_, index) => validRecord(tenant, `+${base + index}`));
    return fc.tuple(
      fc.constant(tenant),
      fc.tuple(...records),
      fc.array(invalidRecord, { minLength: invalid, maxLength: invalid }),
      fc.integer({ min: 0, max: 1_000 }),
    );
  });

// ---- checks -----------------------------------------------------------------------------------

function note5xx(response: InvokeResult, what: string): boolean {
  requests += 1;
  if (response.status < 500) return false;
  fiveHundreds += 1;
  if (defects.length < 10) defects.push(`${what} ${response.status}: ${response.body.slice(0, 200)}`);
  return true;
}

async function checkBody(tenant: string, records: RecordText[]): Promise<void> {
  bodies += 1;
  for (const record of records) for (const kind of record.kinds) kinds[kind] = (kinds[kind] ?? 0) + 1;
  const expected = records.flatMap((record) => (record.valid ? [record.valid] : []));
  validRecords += expected.length;
  largestBody = Math.max(
    largestBody,
    records.reduce((sum, record) => sum + record.text.length + 1, 1),
  );
  for (const record of records) deepest = Math.max(deepest, record.depth);
  await registerTenant(tenant, { recordsJson: records.map((record) => record.text) });
  const list = (query = '') => invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers${query}`, { params: { msTenantId: tenant } });

  const first = await list();
  const cached = await list();
  const csv = await list('?format=csv');
  const mirror = await invokeHttp('getOcNumbers', `v2/oc/numbers?msTenantId=${tenant}`);
  note5xx(first, 'getTenantNumbers');
  note5xx(csv, 'getTenantNumbers csv');
  note5xx(mirror, 'getOcNumbers');
  if (note5xx(cached, 'getTenantNumbers (cached)') || (cached.status !== 200 && first.status !== 200)) cachedFailures += 1;
  if ((await getStats(tenant)).calls > 1) defects.push(`tenant ${tenant}: ${(await getStats(tenant)).calls} upstream calls for one cached answer`);

  const served =
    first.status === 200 ? new Set(first.json<{ value: { telephoneNumber: string }[] }>().value.map((record) => record.telephoneNumber)) : new Set<string>();
  const mirrored =
    mirror.status === 200 ? new Set(mirror.json<{ telephoneNumber: unknown }[]>().map((record) => String(record.telephoneNumber))) : new Set<string>();
  for (const number of expected) {
    if (served.has(number) && mirrored.has(number) && csv.body.includes(`"${number}"`)) validServed += 1;
    else if (defects.length < 10) defects.push(`tenant ${tenant}: valid ${number} not served (JSON ${served.has(number)}, mirror ${mirrored.has(number)})`);
  }

  if (bodies % snapshotEvery === 0) {
    snapshots += 1;
    const runId = manualRunId(Date.now());
    try {
      await deliver({ runId, msTenantId: tenant, channelId: null, requestedAt: new Date().toISOString() });
      const outcome = await appSnapshotTables().runs.getEntity<OutcomeEntity>(outcomePartition(runId), tenant);
      if (outcome.status === 'succeeded' && outcome.added === expected.length) snapshotsSucceeded += 1;
      else defects.push(`snapshot of ${tenant}: ${outcome.status}, added ${outcome.added} of ${expected.length}`);
    } catch (error) {
      defects.push(`snapshot of ${tenant} threw: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
    }
  }
}

describe('hostile upstream bodies', () => {
  test(`${bodiesWanted} generated bodies`, async () => {
    await fc.assert(
      fc.asyncProperty(body, async ([tenant, valid, invalid, shuffle]) => {
        const records = [...valid, ...invalid];
        // Invalid items anywhere in the array, not only at its end.
        records.sort((a, b) => ((a.text.length * 31 + shuffle) % 7) - ((b.text.length * 31 + shuffle) % 7));
        await checkBody(tenant, records);
      }),
      { numRuns: bodiesWanted, endOnFailure: true, seed: Number(process.env['CHAOS_SEED'] ?? 15) },
    );
  }, 1_800_000);

  afterAll(async () => {
    await settle(200);
    const unhandled = unhandledSoFar();
    figures.note(
      `Seed ${process.env['CHAOS_SEED'] ?? 15}; hostile parts generated: ${Object.entries(kinds)
        .sort(([, a], [, b]) => b - a)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(
          ', ',
        )}. Largest body ${(largestBody / 1024).toFixed(0)} KiB; deepest nesting ${deepest.toLocaleString('en-US')} levels. Each body: getTenantNumbers twice (cache 60 s), CSV, getOcNumbers; every ${snapshotEvery}th also snapshotted through the queue worker.`,
    );
    if (defects.length > 0) figures.note(`Defects: ${defects.join(' | ')}`);
    figures.checkAll([
      {
        check: 'generated hostile bodies',
        figure: bodies.toLocaleString('en-US'),
        target: '≥ 1,000',
        pass: bodies >= 1_000 || process.env['CHAOS_HOSTILE_BODIES'] !== undefined,
      },
      { check: '5xx answers (of requests)', figure: `${fiveHundreds} (of ${requests.toLocaleString('en-US')})`, target: '0', pass: fiveHundreds === 0 },
      { check: 'failures served from the cache', figure: String(cachedFailures), target: '0', pass: cachedFailures === 0 },
      { check: 'valid records served (JSON, CSV and mirror)', figure: ratio(validServed, validRecords), target: 'all', pass: validServed === validRecords },
      {
        check: 'snapshots succeeded with every valid record',
        figure: ratio(snapshotsSucceeded, snapshots),
        target: 'all',
        pass: snapshotsSucceeded === snapshots,
      },
      { check: 'unhandled rejections (hostile bodies)', figure: String(unhandled.count), target: '0', pass: unhandled.count === 0 },
    ]);
  });
});
