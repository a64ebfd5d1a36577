import type { NumberRecord, NumberRecordField } from '../numbers/numberRecord';
import { invertedTime } from './runIds';

export const changeTypes = ['added', 'changed', 'released', 'reactivated'] as const;
export type ChangeType = (typeof changeTypes)[number];

/** One detected change of one number (a row of ocNumberChanges). */
export interface NumberChange {
  msTenantId: string;
  telephoneNumber: string;
  changeType: ChangeType;
  changedFields: NumberRecordField[];
  before: NumberRecord | null;
  after: NumberRecord | null;
  runId: string;
  detectedAt: Date;
}

/**
 * `<inverted detectedAt>-<runId>-<telephoneNumber>`: newest first, and the same change always gets
 * the same key, so a retried write lands on the same row. Detection time, not run start: a run's
 * retried tenant that finds a change later than another run's must still sort above it.
 */
export function changeRowKey(detectedAt: Date, runId: string, telephoneNumber: string): string {
  return `${changePrefix(detectedAt, runId)}${telephoneNumber}`;
}

/** Every change a run recorded for a tenant at one detection time shares this RowKey prefix. */
export function changePrefix(detectedAt: Date, runId: string): string {
  return `${invertedTime(detectedAt.getTime())}-${runId}-`;
}
