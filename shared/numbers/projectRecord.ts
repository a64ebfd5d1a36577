import type { NumberRecord, NumberRecordField } from './numberRecord';

/** Keeps only the requested fields, in the requested order. */
export function projectRecord(record: NumberRecord, fields: readonly NumberRecordField[]): Partial<NumberRecord> {
  const projected: Record<string, unknown> = {};
  for (const field of fields) projected[field] = record[field] ?? null;
  return projected;
}
