import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { numberRecordFields, type NumberRecord } from '../../shared/numbers/numberRecord';
import { normaliseRecord } from '../../shared/numbers/normaliseRecords';
import { canonicalJson, changedFields, contentHash } from '../../shared/snapshots/numberContent';
import { fromNumberEntity, toNumberEntity } from '../../shared/snapshots/numberEntity';

const record: NumberRecord = normaliseRecord({
  telephoneNumber: '+14255550100',
  tenantId: 'A1B2C3D4-0000-4000-8000-000000000001',
  id: 4294967297,
  uploadTelephoneNumberEntryId: 17,
  source: 'webapi',
  acquiredNumberStatus: 'Active',
  acquiredCapabilities: ['InboundCalling', 'UserAssignment'],
  availableCapabilities: [],
  sbcList: [{ sbcName: 'sbc-1', sbcId: 101 }],
  assignmentStatus: null,
  aslcht: '2024-01-01T00:00:00Z',
  asticks: '638000000000000000',
  futureFlag: true,
  partnerMetadata: { region: 'eu', tier: 'gold' },
});

describe('number content and rows', () => {
  test('the content hash ignores aslcht and asticks but nothing else', () => {
    expect(contentHash({ ...record, aslcht: 'later', asticks: '1' })).toBe(contentHash(record));
    expect(contentHash({ ...record, aslsct: 'x' })).not.toBe(contentHash(record));
    expect(contentHash({ ...record, extra: { partnerMetadata: { tier: 'gold', region: 'us' }, futureFlag: true } })).not.toBe(contentHash(record));
  });

  test('the content hash of a record is the one earlier versions stored, so stored rows do not read as changed', () => {
    expect(contentHash(record)).toBe('hy175uhP7yFJw1t4NtTWTyepWM51CdymlbILvQtLXW4');
  });

  // The definition the fast paths must match: canonical JSON of an object of every compared field.
  const compared = numberRecordFields.filter((field) => field !== 'aslcht' && field !== 'asticks');
  const definedHash = (value: NumberRecord) =>
    createHash('sha256')
      .update(canonicalJson(Object.fromEntries(compared.map((field) => [field, value[field] ?? null]))))
      .digest('base64url');
  const definedChanges = (before: NumberRecord | null, after: NumberRecord | null) =>
    compared.filter((field) => canonicalJson(before?.[field] ?? null) !== canonicalJson(after?.[field] ?? null));
  const value = fc.oneof(
    fc.constant(null),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(Infinity, -Infinity, NaN),
    fc.boolean(),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
  );
  const records = fc
    .record(Object.fromEntries(compared.map((field) => [field, value])), { requiredKeys: [] })
    .map((fields) => ({ ...record, ...fields }) as NumberRecord);

  test('contentHash and changedFields agree with their definitions on any record', () => {
    fc.assert(
      fc.property(records, records, (before, after) => {
        expect(contentHash(after)).toBe(definedHash(after));
        expect(changedFields(null, after)).toEqual(definedChanges(null, after));
        expect(changedFields(before, null)).toEqual(definedChanges(before, null));
        expect(changedFields(before, after)).toEqual(definedChanges(before, after));
      }),
      { numRuns: 1000 },
    );
  });

  test('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, { e: 0, f: 1 }] }, b: 1 }));
  });

  test('changedFields names the compared fields that differ; a missing side counts as empty', () => {
    expect(changedFields(record, { ...record, locationId: 'L1', asticks: '2' })).toEqual(['locationId']);
    expect(changedFields(null, record)).toEqual(expect.arrayContaining(['telephoneNumber', 'acquiredCapabilities', 'extra']));
    expect(changedFields(null, record)).not.toContain('aslcht');
  });

  test('an ocNumbers row gives back exactly the record: numbers, text, arrays, objects and extra', () => {
    const meta = {
      state: 'active' as const,
      firstSeenAt: new Date(),
      lastChangedAt: new Date(),
      lastChangeRunId: 'r',
      releasedAt: null,
      contentHash: contentHash(record),
      unassignedSince: null,
    };
    const entity = toNumberEntity('tenant', { record, meta });
    expect(entity['acquiredCapabilities']).toBe('["InboundCalling","UserAssignment"]');
    expect(entity).not.toHaveProperty('assignmentStatus');
    const back = fromNumberEntity({ ...entity, id: record.id, uploadTelephoneNumberEntryId: record.uploadTelephoneNumberEntryId });
    expect(back.record).toEqual(record);
    expect(contentHash(back.record)).toBe(meta.contentHash);
  });
});
