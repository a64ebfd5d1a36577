import type { NumberRecord } from '../../shared/numbers/numberRecord';
import type { NumberDiff } from '../../shared/snapshots/diffNumbers';
import type { ChangeType, NumberChange } from '../../shared/snapshots/numberChange';
import { tenantCounts } from '../../shared/snapshots/tenantCounts';

const record = (telephoneNumber: string) => ({ telephoneNumber }) as NumberRecord;
const diff = (parts: Partial<NumberDiff>): NumberDiff => ({
  added: [],
  changed: [],
  reactivated: [],
  released: [],
  unchanged: 0,
  previouslyActive: 0,
  ...parts,
});
const change = (changeType: ChangeType, telephoneNumber: string) => ({ changeType, telephoneNumber }) as NumberChange;

describe('tenantCounts', () => {
  test('counts the diff, with the releases applied and, when withheld, how many were held back', () => {
    const found = diff({ added: [record('+1')], changed: [record('+2'), record('+3')], reactivated: [record('+4')], released: ['+5', '+6'], unchanged: 7 });
    expect(tenantCounts(found, ['+5', '+6'], false, [], new Set())).toEqual({
      added: 1,
      changed: 2,
      released: 2,
      reactivated: 1,
      unchanged: 7,
      withheldReleases: 0,
    });
    expect(tenantCounts(found, [], true, [], new Set())).toEqual({ added: 1, changed: 2, released: 0, reactivated: 1, unchanged: 7, withheldReleases: 2 });
  });

  test("an earlier attempt's recovered changes count as this run's, and their numbers not also as unchanged", () => {
    // The earlier attempt of this run added +1 and changed +2 before it stopped; this attempt finds them unchanged.
    const found = diff({ unchanged: 3 });
    const recovered = [change('added', '+1'), change('changed', '+2'), change('released', '+9')];
    const listed = new Set(['+1', '+2', '+3']);
    expect(tenantCounts(found, [], false, recovered, listed)).toEqual({ added: 1, changed: 1, released: 1, reactivated: 0, unchanged: 1, withheldReleases: 0 });
  });

  test('a recovered number this attempt changes again is not taken off unchanged (it was never counted there)', () => {
    const found = diff({ changed: [record('+2')], unchanged: 1 });
    expect(tenantCounts(found, [], false, [change('changed', '+2')], new Set(['+1', '+2']))).toEqual({
      added: 0,
      changed: 2,
      released: 0,
      reactivated: 0,
      unchanged: 1,
      withheldReleases: 0,
    });
  });
});
