import { numberRecordFields, type NumberRecord, type NumberRecordField } from './numberRecord';

/**
 * OWASP's CSV injection guidance: a cell a spreadsheet could read as a formula starts with a quote.
 * That is one starting with a control character (tab, CR, LF, …), or with = + - @ (or their
 * full-width and small forms, which spreadsheets also accept) after any leading whitespace, the
 * no-break and zero-width spaces included: spreadsheets trim it before deciding.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const formulaStart = /^(?:[\u0000-\u001f]|[\s\u200b\u2060]*[=+\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b])/;
const e164 = /^\+[1-9][0-9]{6,14}$/;

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))).join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  // Values come from JSON: what is left is text, a number or a boolean.
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Quotes every cell and neutralises spreadsheet formulas, except a telephone number that is valid E.164. */
export function csvCell(field: string, value: unknown): string {
  let text = cellText(value);
  if (formulaStart.test(text) && !(field === 'telephoneNumber' && e164.test(text))) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvColumns(records: readonly NumberRecord[], fields: readonly NumberRecordField[] | null): NumberRecordField[] {
  if (fields) return [...fields];
  const withExtra = records.some((record) => record.extra !== undefined);
  return numberRecordFields.filter((field) => field !== 'extra' || withExtra);
}

/**
 * Starts every CSV answer (every CSV route, streamed or not): Excel opening a downloaded file by
 * double-click reads it as UTF-8 only when it starts with this byte-order mark, and otherwise
 * garbles any non-ASCII text (addresses, names) in the machine's ANSI code page.
 */
export const csvByteOrderMark = '\uFEFF';

/** RFC 4180 CSV: a byte-order mark, a header row, CRLF line ends. */
export function toCsv(records: readonly NumberRecord[], fields: readonly NumberRecordField[] | null): string {
  const columns = csvColumns(records, fields);
  const lines = [columns.map((column) => csvCell('', column)).join(',')];
  for (const record of records) lines.push(columns.map((column) => csvCell(column, record[column])).join(','));
  return `${csvByteOrderMark}${lines.join('\r\n')}\r\n`;
}
