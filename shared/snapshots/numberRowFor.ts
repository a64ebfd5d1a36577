import { contentHash, type ContentHashOf } from './numberContent';
import type { NumberRow, NumberRowMeta } from './numberEntity';
import type { NumberChange } from './numberChange';
import { unassignedSinceAfter } from './unassignedSince';

/**
 * The ocNumbers row a change leads to. It depends only on the change and on `firstSeenAt`, which
 * applying the change never alters, so writing it again (journal recovery) gives the same row.
 */
export function numberRowFor(change: NumberChange, stored: NumberRowMeta | undefined, hashOf: ContentHashOf = contentHash): NumberRow {
  const firstSeenAt = change.changeType === 'added' ? change.detectedAt : (stored?.firstSeenAt ?? change.detectedAt);
  const released = change.changeType === 'released';
  const record = released ? change.before : change.after;
  if (!record) throw new Error(`change ${change.changeType} of ${change.telephoneNumber} has no record to store`);
  return {
    record,
    meta: {
      state: released ? 'released' : 'active',
      firstSeenAt,
      lastChangedAt: change.detectedAt,
      lastChangeRunId: change.runId,
      releasedAt: released ? change.detectedAt : null,
      contentHash: hashOf(record),
      unassignedSince: unassignedSinceAfter(change, stored),
    },
  };
}
