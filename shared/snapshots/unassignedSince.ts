import type { NumberRecord } from '../numbers/numberRecord';
import type { NumberChange } from './numberChange';
import type { NumberRowMeta } from './numberEntity';

/** "Unassigned" everywhere (reports, counts, unassignedSince): assignmentStatus empty, null or `Unassigned`, in any case. */
export function isUnassigned(assignmentStatus: unknown): boolean {
  if (assignmentStatus === null || assignmentStatus === undefined) return true;
  const text = typeof assignmentStatus === 'string' ? assignmentStatus.trim() : JSON.stringify(assignmentStatus);
  return text === '' || text.toLowerCase() === 'unassigned';
}

/**
 * The `unassignedSince` of the row a change leads to: the detection time of the run that first saw the
 * number unassigned (added so, or changed to it), kept while it stays unassigned, null once assigned
 * or released. Like firstSeenAt it depends only on the change and the stored row, which applying the
 * change leaves equal in this respect, so journal recovery writes the same value again. A row written
 * before the column existed falls back to its lastChangedAt: the latest moment it is known to have
 * been unassigned without a break, never earlier than the truth.
 */
export function unassignedSinceAfter(change: NumberChange, stored: NumberRowMeta | undefined): Date | null {
  if (change.changeType === 'released' || !isUnassigned(change.after?.assignmentStatus)) return null;
  if (change.changeType === 'changed' && change.before && isUnassigned(change.before.assignmentStatus)) {
    return stored?.unassignedSince ?? stored?.lastChangedAt ?? change.detectedAt;
  }
  return change.detectedAt;
}

/** What readers show for a stored row: its column, or for an older unassigned active row, its lastChangedAt. */
export function effectiveUnassignedSince(record: NumberRecord, meta: NumberRowMeta): Date | null {
  if (meta.state !== 'active' || !isUnassigned(record.assignmentStatus)) return null;
  return meta.unassignedSince ?? meta.lastChangedAt;
}
