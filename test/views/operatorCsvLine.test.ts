import fc from 'fast-check';
import { numberRecordFields, type NumberRecord, type NumberRecordField } from '../../shared/numbers/numberRecord';
import { operatorCsvColumns, operatorCsvLine, renderOperatorRows } from '../../shared/views/operatorExport';
import { operatorNumberView } from '../../shared/views/operatorNumberView';
import type { OperatorRow } from '../../shared/views/operatorRows';

// The streamed export formats rows straight from the table row, remembering repeated cells; the paged
// answer formats each row's view. Both must write the same bytes, for any value a row can hold.
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('=1+1', '+44', '-3', '@SUM(A1)', ' =x', '\t1', 'a"b', '""', '', 'UserAssigned', 'Unassigned'),
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const instant = fc.constantFrom(Date.UTC(2026, 0, 1), Date.UTC(2026, 5, 1, 12, 30), Date.UTC(2025, 11, 31, 23, 59, 59, 999)).map((ms) => new Date(ms));

const row: fc.Arbitrary<OperatorRow> = fc
  .record({
    msTenantId: fc.constantFrom('0b1c2d3e-0000-4000-8000-000000000001', '0b1c2d3e-0000-4000-8000-000000000002'),
    telephoneNumber: fc.oneof(fc.constantFrom('+12065550100', '+442079460000'), text),
    id: maybe(fc.oneof(fc.integer(), text)),
    assignmentStatus: maybe(text),
    locationId: maybe(text),
    civicAddressId: maybe(text),
    source: maybe(text),
    acquiredCapabilities: fc.array(text, { maxLength: 3 }),
    sbcList: fc.array(fc.record({ sbcName: text, sbcId: fc.integer() }), { maxLength: 2 }),
    extra: fc.option(fc.dictionary(fc.string({ maxLength: 4 }), text, { maxKeys: 2 }), { nil: undefined }),
    state: fc.constantFrom('active' as const, 'released' as const),
    firstSeenAt: instant,
    lastChangedAt: instant,
    releasedAt: maybe(instant),
    unassignedSince: maybe(instant),
  })
  .map((value) => {
    const record = {
      telephoneNumber: value.telephoneNumber,
      msTenantId: value.msTenantId,
      id: value.id,
      uploadTelephoneNumberEntryId: null,
      source: value.source,
      isoCountryCode: 'US',
      assignmentStatus: value.assignmentStatus,
      acquiredNumberStatus: 'Active',
      acquiredCapabilities: value.acquiredCapabilities,
      availableCapabilities: [],
      callingProfileId: null,
      locationId: value.locationId,
      civicAddressId: value.civicAddressId,
      acquiredOn: null,
      whenCreated: null,
      uploadToAccountJobId: null,
      tnUploadJobId: null,
      sbcList: value.sbcList,
      aslcht: null,
      aslsct: null,
      aslvCode: null,
      asticks: null,
      ...(value.extra === undefined ? {} : { extra: value.extra }),
    } satisfies NumberRecord;
    const meta = {
      state: value.state,
      firstSeenAt: value.firstSeenAt,
      lastChangedAt: value.lastChangedAt,
      lastChangeRunId: 'run',
      releasedAt: value.releasedAt,
      contentHash: 'hash',
      unassignedSince: value.unassignedSince,
    };
    return { msTenantId: value.msTenantId, row: { record, meta } };
  });

const fields: fc.Arbitrary<NumberRecordField[] | null> = fc.option(fc.subarray([...numberRecordFields], { minLength: 1 }), { nil: null });

test('a streamed CSV line is byte for byte the line of the row’s view, repeated values included', () => {
  fc.assert(
    fc.property(fields, fc.array(row, { minLength: 1, maxLength: 20 }), (chosen, rows) => {
      const columns = operatorCsvColumns(chosen);
      // One formatter for all rows, as in an export: its remembered cells carry from row to row.
      const line = operatorCsvLine(columns);
      const streamed = rows.map(line).join('');
      const paged = renderOperatorRows(
        rows.map((candidate) => operatorNumberView(candidate, chosen)),
        'csv',
        columns,
      );
      expect(streamed).toBe(paged);
    }),
    { numRuns: 300 },
  );
});
