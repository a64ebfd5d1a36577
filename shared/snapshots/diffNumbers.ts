import type { NumberRecord } from '../numbers/numberRecord';
import type { ContentHashOf } from './numberContent';
import type { DiffEntity } from './numberEntity';

export interface NumberDiff {
  added: NumberRecord[];
  changed: NumberRecord[];
  reactivated: NumberRecord[];
  /** Active numbers the upstream no longer lists. */
  released: string[];
  unchanged: number;
  /** Active numbers before this run: the base of the mass-removal ratio. */
  previouslyActive: number;
  /** Released numbers before this run (unknown when the stored rows were not read). */
  previouslyReleased?: number;
}

/** The upstream answer can list a number twice; the first occurrence wins and the rest are reported. */
export function firstOfEachNumber(records: readonly NumberRecord[]): { records: NumberRecord[]; duplicates: string[] } {
  const seen = new Set<string>();
  const unique: NumberRecord[] = [];
  const duplicates: string[] = [];
  for (const record of records) {
    if (seen.has(record.telephoneNumber)) duplicates.push(record.telephoneNumber);
    else {
      seen.add(record.telephoneNumber);
      unique.push(record);
    }
  }
  return { records: unique, duplicates };
}

/** The diff of an answer known to equal the stored active rows (its digest matched): nothing to do. */
export function allUnchanged(count: number): NumberDiff {
  return { added: [], changed: [], reactivated: [], released: [], unchanged: count, previouslyActive: count };
}

/** Compares the upstream answer (one record per number) with the stored keys, hashes and states. */
export function diffNumbers(stored: ReadonlyMap<string, DiffEntity>, upstream: readonly NumberRecord[], hashOf: ContentHashOf): NumberDiff {
  const diff: NumberDiff = { added: [], changed: [], reactivated: [], released: [], unchanged: 0, previouslyActive: 0, previouslyReleased: 0 };
  const listed = new Set<string>();
  for (const record of upstream) {
    listed.add(record.telephoneNumber);
    const row = stored.get(record.telephoneNumber);
    if (!row) diff.added.push(record);
    else if (row.state === 'released') diff.reactivated.push(record);
    else if (row.contentHash !== hashOf(record)) diff.changed.push(record);
    else diff.unchanged++;
  }
  for (const [telephoneNumber, row] of stored) {
    if (row.state !== 'active') {
      diff.previouslyReleased = (diff.previouslyReleased ?? 0) + 1;
      continue;
    }
    diff.previouslyActive++;
    if (!listed.has(telephoneNumber)) diff.released.push(telephoneNumber);
  }
  return diff;
}
