import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { NumberRow } from '../../shared/snapshots/numberEntity';
import { indexBlockOf, indexKeySeparator, indexRangeOf, planIndexWrites, toIndexEntity, writeIndexRows } from '../../shared/snapshots/numberIndex';
import { ensureSnapshotTables } from '../../shared/storage/snapshotTables';
import { transactionLimits } from '../../shared/storage/transactionPlan';
import { findNumber } from '../../shared/views/findNumber';
import { suiteConnectionString, tablesOn } from '../snapshots/support/snapshotHarness';
import { countingOptions, emptyRequestCounts } from '../snapshots/support/tableRequestCounter';

/** findNumber's keys: blocks of 100 numbers, and one RowKey range per number that holds exactly its rows. */

const tables = tablesOn(suiteConnectionString());
beforeAll(() => ensureSnapshotTables(tables));

function rowOf(telephoneNumber: string, firstSeenAt = new Date('2026-01-01T00:00:00Z')): NumberRow {
  return {
    record: {
      telephoneNumber,
      msTenantId: null,
      id: 1,
      uploadTelephoneNumberEntryId: null,
      source: 'webapi',
      isoCountryCode: 'US',
      assignmentStatus: 'UserAssigned',
      acquiredNumberStatus: null,
      acquiredCapabilities: [],
      availableCapabilities: [],
      callingProfileId: null,
      locationId: null,
      civicAddressId: null,
      acquiredOn: null,
      whenCreated: null,
      uploadToAccountJobId: null,
      tnUploadJobId: null,
      sbcList: [],
      aslcht: null,
      aslsct: null,
      aslvCode: null,
      asticks: null,
      extra: {},
    },
    meta: { state: 'active', firstSeenAt, lastChangedAt: firstSeenAt, lastChangeRunId: 'run', releasedAt: null, contentHash: 'h', unassignedSince: null },
  };
}

const holdersOf = async (telephoneNumber: string, tenants: ReadonlySet<string>) =>
  (await findNumber(tables.index, telephoneNumber, tenants))?.holders.map((holder) => holder.msTenantId) ?? [];

describe('index keys', () => {
  test('a block is the number without its last two digits; a number of fewer than 3 characters is its own block', () => {
    expect(indexBlockOf('+12065550100')).toBe('+120655501');
    expect(indexBlockOf('+12065550199')).toBe('+120655501');
    expect(indexBlockOf('+12065550200')).toBe('+120655502');
    expect(indexBlockOf('+123')).toBe('+1');
    expect(indexBlockOf('+12')).toBe('+');
    expect(indexBlockOf('+1')).toBe('+1');
    expect(indexBlockOf('7')).toBe('7');
  });

  test("a number's range holds its own RowKeys and no other number's, whichever is a prefix of which", () => {
    const number = fc.stringMatching(/^\+?[0-9]{1,16}$/);
    const tenant = fc.uuid().map((id) => id.toLowerCase());
    fc.assert(
      fc.property(number, number, tenant, (a, b, msTenantId) => {
        const range = indexRangeOf(a);
        const rowKey = `${b}${indexKeySeparator}${msTenantId}`;
        const inRange = rowKey >= range.from && rowKey < range.before;
        expect(inRange).toBe(a === b);
      }),
      { numRuns: 2000 },
    );
    // The separator sorts below every character of a number or a tenant id.
    for (const character of '+-0123456789abcdef') expect(indexKeySeparator < character).toBe(true);
  });

  test('a number or tenant id holding the separator is refused before anything is written', () => {
    expect(() => toIndexEntity('a!b', rowOf('+12065550100'))).toThrow(/separator/);
    expect(() => toIndexEntity(randomUUID(), rowOf('+1206555!0100'))).toThrow(/separator/);
  });

  test("a tenant's rows of a block go out in transactions of at most 100", () => {
    const msTenantId = randomUUID();
    const entities = Array.from({ length: 250 }, (_, i) => toIndexEntity(msTenantId, rowOf(`+1206555${String(i).padStart(4, '0')}`)));
    const plan = planIndexWrites(entities);
    expect(plan.map((transaction) => [transaction.partitionKey, transaction.actions.length])).toEqual([
      ['+120655500', 100],
      ['+120655501', 100],
      ['+120655502', 50],
    ]);
    expect(plan.every((transaction) => transaction.actions.length <= transactionLimits.maxOperations)).toBe(true);
    expect(plan.flatMap((transaction) => transaction.actions.map((action) => [action[0], action[2]]))).toEqual(
      Array.from({ length: 250 }, () => ['upsert', 'Replace']),
    );
  });
});

describe('findNumber on the index', () => {
  test('one range read: a number that is a prefix of another, in the same partition, never answers with its holders', async () => {
    const [x, y] = [randomUUID(), randomUUID()];
    const tenants = new Set([x, y]);
    // +1 and +123 share the block +1; +1555 and +15551 differ only by a last digit.
    await writeIndexRows(tables.index, [toIndexEntity(x, rowOf('+1')), toIndexEntity(y, rowOf('+123')), toIndexEntity(x, rowOf('+1555'))]);
    expect(indexBlockOf('+1')).toBe(indexBlockOf('+123'));
    // A row whose number is a prefix-extension of +1555 put into +1555's own partition (the layout never does
    // this: it proves the range alone keeps it out).
    const stray = { ...toIndexEntity(y, rowOf('+15551')), partitionKey: indexBlockOf('+1555') };
    await tables.index.upsertEntity(stray, 'Replace');

    expect(await holdersOf('+1', tenants)).toEqual([x]);
    expect(await holdersOf('+123', tenants)).toEqual([y]);
    expect(await holdersOf('+1555', tenants)).toEqual([x]);
    expect(await holdersOf('+15551', tenants)).toEqual([]);
    expect(await holdersOf('+12', tenants)).toEqual([]);
  });

  test('every holder of a number, from its block; first-layout rows (PartitionKey = number, RowKey = tenant) are never holders', async () => {
    const [a, b, old] = [randomUUID(), randomUUID(), randomUUID()];
    const tenants = new Set([a, b, old]);
    const number = '+14255550142';
    await writeIndexRows(tables.index, [
      toIndexEntity(a, rowOf(number, new Date('2026-02-01T00:00:00Z'))),
      toIndexEntity(b, rowOf(number, new Date('2026-03-01T00:00:00Z'))),
      toIndexEntity(a, rowOf('+14255550143')),
    ]);
    // First-layout rows: one in the number's own partition, one in the partition that is now its block.
    const oldRow = toIndexEntity(old, rowOf(number));
    await tables.index.upsertEntity({ ...oldRow, partitionKey: number, rowKey: old }, 'Replace');
    await tables.index.upsertEntity({ ...oldRow, partitionKey: indexBlockOf(number), rowKey: old }, 'Replace');

    const counts = emptyRequestCounts();
    const found = await findNumber(tablesOn(suiteConnectionString(), countingOptions(counts)).index, number, tenants);
    expect(counts.index.reads).toBe(1);
    expect(found?.holders.map((holder) => holder.msTenantId)).toEqual([b, a]);
    expect(found?.current?.msTenantId).toBe(b);
    expect(await findNumber(tables.index, number, new Set([old]))).toBeNull();
  });
});
