import type { NumberRecord } from '../../shared/numbers/numberRecord';
import { allUnchanged, diffNumbers, firstOfEachNumber } from '../../shared/snapshots/diffNumbers';
import type { DiffEntity } from '../../shared/snapshots/numberEntity';

/** Records that differ only by number and one field; the hash is that field, so "changed" is under the test's control. */
const record = (telephoneNumber: string, assignmentStatus = 'Unassigned') => ({ telephoneNumber, assignmentStatus }) as NumberRecord;
const hashOf = (r: NumberRecord) => `h:${r.assignmentStatus}`;
const row = (rowKey: string, state: DiffEntity['state'], assignmentStatus = 'Unassigned'): [string, DiffEntity] => [
  rowKey,
  { rowKey, state, contentHash: `h:${assignmentStatus}` },
];

describe('diffNumbers', () => {
  test('sorts every number into added, changed, reactivated, released or unchanged', () => {
    const stored = new Map([row('+1000', 'active'), row('+1001', 'active'), row('+1002', 'released'), row('+1003', 'active'), row('+1004', 'released')]);
    const upstream = [record('+1000'), record('+1001', 'UserAssigned'), record('+1002'), record('+1005')];
    const diff = diffNumbers(stored, upstream, hashOf);
    expect(diff.added.map((r) => r.telephoneNumber)).toEqual(['+1005']);
    expect(diff.changed.map((r) => r.telephoneNumber)).toEqual(['+1001']);
    expect(diff.reactivated.map((r) => r.telephoneNumber)).toEqual(['+1002']);
    // A number released before and still absent is not released again.
    expect(diff.released).toEqual(['+1003']);
    expect(diff.unchanged).toBe(1);
    expect(diff.previouslyActive).toBe(3);
  });

  test('a reactivated number counts as reactivated even when its content is the same, and never as changed', () => {
    const diff = diffNumbers(new Map([row('+1000', 'released', 'UserAssigned')]), [record('+1000', 'UserAssigned')], hashOf);
    expect(diff).toMatchObject({ reactivated: [record('+1000', 'UserAssigned')], changed: [], unchanged: 0, previouslyActive: 0 });
  });

  test('nothing stored: every number is added; nothing upstream: every active number is released', () => {
    expect(diffNumbers(new Map(), [record('+1'), record('+2')], hashOf)).toMatchObject({
      added: [record('+1'), record('+2')],
      released: [],
      previouslyActive: 0,
    });
    expect(diffNumbers(new Map([row('+1', 'active'), row('+2', 'released')]), [], hashOf)).toMatchObject({ added: [], released: ['+1'], previouslyActive: 1 });
  });

  test('allUnchanged is the diff of an answer equal to the stored rows', () => {
    const stored = new Map([row('+1', 'active'), row('+2', 'active')]);
    // Without reading the rows the released count is unknown (undefined: the tenant's kept summary stands).
    const { previouslyReleased, ...read } = diffNumbers(stored, [record('+1'), record('+2')], hashOf);
    expect(previouslyReleased).toBe(0);
    expect(allUnchanged(2).previouslyReleased).toBeUndefined();
    expect(read).toEqual(allUnchanged(2));
  });
});

describe('firstOfEachNumber', () => {
  test('keeps the first occurrence of a number, in order, and reports each repeat', () => {
    const { records, duplicates } = firstOfEachNumber([record('+1', 'A'), record('+2'), record('+1', 'B'), record('+1', 'C')]);
    expect(records).toEqual([record('+1', 'A'), record('+2')]);
    expect(duplicates).toEqual(['+1', '+1']);
  });
});
