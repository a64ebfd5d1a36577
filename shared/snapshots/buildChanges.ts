import type { NumberRecord } from '../numbers/numberRecord';
import type { NumberDiff } from './diffNumbers';
import { changedFields } from './numberContent';
import type { ChangeType, NumberChange } from './numberChange';
import type { NumberRow } from './numberEntity';

export interface ChangeContext {
  msTenantId: string;
  runId: string;
  detectedAt: Date;
}

/** One change per number, with `before` from the stored row and `after` from the upstream answer. */
export function buildChanges(context: ChangeContext, diff: NumberDiff, releases: readonly string[], stored: ReadonlyMap<string, NumberRow>): NumberChange[] {
  const change = (changeType: ChangeType, telephoneNumber: string, before: NumberRecord | null, after: NumberRecord | null): NumberChange => ({
    ...context,
    telephoneNumber,
    changeType,
    changedFields: changedFields(before, after),
    before,
    after,
  });
  const beforeOf = (telephoneNumber: string) => stored.get(telephoneNumber)?.record ?? null;
  return [
    ...diff.added.map((record) => change('added', record.telephoneNumber, null, record)),
    ...diff.changed.map((record) => change('changed', record.telephoneNumber, beforeOf(record.telephoneNumber), record)),
    ...diff.reactivated.map((record) => change('reactivated', record.telephoneNumber, beforeOf(record.telephoneNumber), record)),
    ...releases.map((telephoneNumber) => change('released', telephoneNumber, beforeOf(telephoneNumber), null)),
  ];
}
