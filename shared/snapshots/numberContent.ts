import { createHash } from 'node:crypto';
import { numberRecordFields, type NumberRecord, type NumberRecordField } from '../numbers/numberRecord';

/**
 * `aslcht` and `asticks` move every time the Live Platform re-verifies a number, without the number
 * changing. Leaving them out of the comparison is what lets an unchanged number cost no write.
 */
const volatileFields: ReadonlySet<NumberRecordField> = new Set(['aslcht', 'asticks']);

const comparedFields: readonly NumberRecordField[] = numberRecordFields.filter((field) => !volatileFields.has(field));

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const fieldText = (record: NumberRecord | null, field: NumberRecordField) => canonicalJson(record ? (record[field] ?? null) : null);

/** sha256 (base64url) of the compared fields: stored as `contentHash`, compared on every run. */
export function contentHash(record: NumberRecord): string {
  const compared = Object.fromEntries(comparedFields.map((field) => [field, record[field] ?? null]));
  return createHash('sha256').update(canonicalJson(compared)).digest('base64url');
}

/** The compared fields whose values differ; a missing side (added, released) counts as all null. */
export function changedFields(before: NumberRecord | null, after: NumberRecord | null): NumberRecordField[] {
  return comparedFields.filter((field) => fieldText(before, field) !== fieldText(after, field));
}
