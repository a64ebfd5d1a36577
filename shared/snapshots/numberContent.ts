import { createHash } from 'node:crypto';
import { numberRecordFields, type NumberRecord, type NumberRecordField } from '../numbers/numberRecord';

/**
 * `aslcht` and `asticks` move every time the Live Platform re-verifies a number, without the number
 * changing. Leaving them out of the comparison is what lets an unchanged number cost no write.
 */
const volatileFields: ReadonlySet<NumberRecordField> = new Set(['aslcht', 'asticks']);

const comparedFields: readonly NumberRecordField[] = numberRecordFields.filter((field) => !volatileFields.has(field));

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => byCodeUnits(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

// The compared fields in canonicalJson's key order, each key already rendered: the hash runs once
// per number per snapshot, so it skips building and sorting an object per record.
const hashedFields = [...comparedFields].sort(byCodeUnits).map((field) => ({ field, key: `${JSON.stringify(field)}:` }));

/**
 * sha256 (base64url) of canonicalJson of the compared fields (each `?? null`): stored as
 * `contentHash`, compared on every run. The text must stay byte for byte the same across versions,
 * or every stored number would read as changed.
 */
export function contentHash(record: NumberRecord): string {
  const text = `{${hashedFields.map(({ field, key }) => key + canonicalJson(record[field] ?? null)).join(',')}}`;
  return createHash('sha256').update(text).digest('base64url');
}

export type ContentHashOf = (record: NumberRecord) => string;

/**
 * contentHash of each of a run's records, computed once: a first snapshot needs every hash for the
 * answer's digest and again for the rows it writes. Records are never changed once normalised.
 */
export function contentHashesOf(records: readonly NumberRecord[]): ContentHashOf {
  const hashes = new Map(records.map((record) => [record, contentHash(record)]));
  return (record) => hashes.get(record) ?? contentHash(record);
}

const rendersAsNonNull = (value: unknown) => value !== null && value !== undefined && !(typeof value === 'number' && !Number.isFinite(value));

const fieldText = (record: NumberRecord, field: NumberRecordField) => canonicalJson(record[field] ?? null);

/** The compared fields whose values differ; a missing side (added, released) counts as all null. */
export function changedFields(before: NumberRecord | null, after: NumberRecord | null): NumberRecordField[] {
  if (before && after) return comparedFields.filter((field) => fieldText(before, field) !== fieldText(after, field));
  // One side missing: exactly the fields whose JSON is not `null` differ; only NaN and ±Infinity
  // (JSON.parse gives Infinity for 1e400) render as null without being null, so nothing is rendered.
  const present = before ?? after;
  return present ? comparedFields.filter((field) => rendersAsNonNull(present[field])) : [];
}
