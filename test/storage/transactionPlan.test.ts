import type { TransactionAction } from '@azure/data-tables';
import fc from 'fast-check';
import { InvalidEntityError } from '../../shared/errors/appErrors';
import { checkedEntityBytes } from '../../shared/storage/entityLimits';
import { planTransactions, transactionLimits } from '../../shared/storage/transactionPlan';

const upsert = (partitionKey: string, rowKey: string, extra: Record<string, unknown> = {}): TransactionAction => [
  'upsert',
  { partitionKey, rowKey, ...extra },
  'Replace',
];
const wireBytes = (actions: TransactionAction[]) => actions.reduce((sum, action) => sum + Buffer.byteLength(JSON.stringify(action[1])), 0);

describe('planTransactions (entity-group transaction chunking)', () => {
  test('never puts more than 100 operations in a transaction, and keeps every action once in order', () => {
    const actions = Array.from({ length: 1001 }, (_, i) => upsert('tenant-a', `+1425555${String(i).padStart(4, '0')}`));
    const plan = planTransactions(actions);
    expect(plan.map((t) => t.actions.length)).toEqual([...Array(10).fill(100), 1]);
    expect(plan.flatMap((t) => t.actions)).toEqual(actions);
    expect(Math.max(...plan.map((t) => t.actions.length))).toBeLessThanOrEqual(transactionLimits.maxOperations);
  });

  test('never mixes partitions in one transaction', () => {
    const actions = Array.from({ length: 250 }, (_, i) => upsert(`tenant-${i % 3}`, `row-${i}`));
    const plan = planTransactions(actions);
    for (const transaction of plan) {
      expect(new Set(transaction.actions.map((action) => action[1].partitionKey))).toEqual(new Set([transaction.partitionKey]));
    }
    expect(plan.flatMap((t) => t.actions)).toHaveLength(250);
    // 84 + 83 + 83 rows: one transaction each.
    expect(plan).toHaveLength(3);
  });

  test('keeps each transaction well under 4 MiB however large the entities', () => {
    // 30 KiB strings: 100 of them would be ~3 MiB of JSON plus envelope — too close to the limit.
    const big = 'x'.repeat(30 * 1024);
    const actions = Array.from({ length: 300 }, (_, i) => upsert('tenant-a', `row-${i}`, { a: big, b: big, c: big }));
    const plan = planTransactions(actions);
    expect(plan.length).toBeGreaterThan(3);
    for (const transaction of plan) {
      expect(transaction.actions.length).toBeLessThanOrEqual(100);
      expect(wireBytes(transaction.actions) * 1.1 + transaction.actions.length * 2048).toBeLessThan(transactionLimits.maxBytes);
      expect(transaction.estimatedBytes).toBeLessThanOrEqual(transactionLimits.maxBytes);
    }
    expect(plan.flatMap((t) => t.actions)).toHaveLength(300);
  });

  test.each([
    ['a slash', 'row/1'],
    ['a backslash', 'row\\1'],
    ['a hash', 'row#1'],
    ['a question mark', 'row?1'],
    ['a control character', 'row\u00011'],
    ['U+001F', 'row\u001f'],
    ['U+007F', 'row\u007f'],
    ['U+009F', 'row\u009f'],
    ['nothing', ''],
    ['more than 1 KiB', 'r'.repeat(1025)],
  ])('refuses a RowKey with %s before planning anything', (_label, rowKey) => {
    expect(() => planTransactions([upsert('tenant-a', 'fine'), upsert('tenant-a', rowKey)])).toThrow(InvalidEntityError);
  });

  test('accepts the characters next to the forbidden ranges, and characters beyond the BMP', () => {
    expect(planTransactions([upsert('tenant-a', 'row \u00a0~\u00a1😀+1')]).flatMap((t) => t.actions)).toHaveLength(1);
  });

  test('sizes an entity at no less than the SDK sends, whatever its strings hold (quotes, controls, non-ASCII, lone surrogates)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 });
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.stringMatching(/^[a-z][A-Za-z0-9]{0,20}$/),
          fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.date({ noInvalidDate: true })),
        ),
        (properties) => {
          const entity = { ...properties, partitionKey: 'tenant-a', rowKey: '+14255550100' };
          // What the SDK sends: the entity's JSON and, at most, an @odata.type annotation for every property.
          const annotations = Object.keys(entity).reduce((sum, name) => sum + Buffer.byteLength(`${JSON.stringify(`${name}@odata.type`)}:"Edm.DateTime",`), 0);
          expect(checkedEntityBytes(entity)).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(entity), 'utf8') + annotations);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('counts the type annotation the SDK adds to every date, even on short property names', () => {
    const entity = { partitionKey: 't', rowKey: 'r', ...Object.fromEntries([...'abcdefgh'].map((name) => [name, new Date()])) };
    const annotations = [...'abcdefgh'].reduce((sum, name) => sum + `"${name}@odata.type":"Edm.DateTime",`.length, 0);
    expect(checkedEntityBytes(entity)).toBeGreaterThanOrEqual(JSON.stringify(entity).length + annotations);
  });

  test('accepts an entity just under 1 MiB and refuses one over it, by its real size', () => {
    const properties = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, 'y'.repeat(30_000)]));
    expect(checkedEntityBytes({ partitionKey: 'tenant-a', rowKey: 'row', ...properties(34) })).toBeLessThan(1024 * 1024);
    expect(() => checkedEntityBytes({ partitionKey: 'tenant-a', rowKey: 'row', ...properties(36) })).toThrow(/larger than 1 MiB/);
  });

  test('refuses a property longer than Table Storage stores, instead of failing mid-write', () => {
    expect(() => planTransactions([upsert('tenant-a', 'row', { extra: 'y'.repeat(40 * 1024) })])).toThrow(/longer than 32768 characters/);
  });
});
