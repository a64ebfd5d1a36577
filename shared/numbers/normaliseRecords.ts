import { UpstreamSchemaError } from '../errors/upstreamErrors';
import type { SchemaMode } from '../config/settings';
import { knownUpstreamFields } from './upstreamRecordSchema';
import type { RecordWarning } from './recordWarnings';
import { validateCoreRecord, validateUpstreamRecord } from '../validation/validators';
import { numberRecordFields, type NumberRecord, type SbcEntry } from './numberRecord';
import { jsonLength, maxExtraChars, maxFieldChars, maxFieldDepth, oversizeReason, shownFieldName, type OversizeReason } from './oversizedFields';

export interface NormalisedNumbers {
  records: NumberRecord[];
  /** The upstream records that passed the core schema, untouched (the drop-in mirror answers these). */
  upstreamRecords: unknown[];
  droppedCount: number;
  warnings: RecordWarning[];
}

/**
 * Fields the normaliser reads into NumberRecord; everything else upstream sent goes to `extra`. The
 * record's own fields under their upstream names: `tenantId` is read as msTenantId, and `alsvcode`
 * (a spelling the Live Platform also sends) as aslvCode.
 */
const mappedFields = new Set<string>([...numberRecordFields.filter((field) => field !== 'msTenantId' && field !== 'extra'), 'tenantId', 'alsvcode']);

type Raw = Record<string, unknown>;

const textOrNull = (value: unknown): string | null =>
  // An object in a text field is kept as String() writes it, as every stored row and content hash already has it.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  value === null || value === undefined ? null : typeof value === 'string' ? value : String(value);

const idOrNull = (value: unknown): number | string | null => (typeof value === 'number' || typeof value === 'string' ? value : null);

const stringArray = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

export function toE164(telephoneNumber: string): string {
  return telephoneNumber.startsWith('+') ? telephoneNumber : `+${telephoneNumber}`;
}

function sbcEntries(value: unknown): SbcEntry[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is Raw => item !== null && typeof item === 'object')
    .map((item) => {
      const entry: SbcEntry = {};
      for (const key of ['sbcName', 'sbcId', 'fqdn', 'port'] as const) {
        if (key in item) (entry as Record<string, unknown>)[key] = item[key];
      }
      return entry;
    });
}

function assignment(value: unknown): string | null {
  if (Array.isArray(value)) return value.length > 0 ? value.join(',') : null;
  return textOrNull(value);
}

export function normaliseRecord(raw: Raw): NumberRecord {
  const record: NumberRecord = {
    telephoneNumber: toE164(raw['telephoneNumber'] as string),
    msTenantId: typeof raw['tenantId'] === 'string' ? raw['tenantId'].toLowerCase() : null,
    id: idOrNull(raw['id']),
    uploadTelephoneNumberEntryId: textOrNull(raw['uploadTelephoneNumberEntryId']),
    source: textOrNull(raw['source']),
    isoCountryCode: textOrNull(raw['isoCountryCode']),
    assignmentStatus: assignment(raw['assignmentStatus']),
    acquiredNumberStatus: idOrNull(raw['acquiredNumberStatus']),
    acquiredCapabilities: stringArray(raw['acquiredCapabilities']),
    availableCapabilities: stringArray(raw['availableCapabilities']),
    callingProfileId: textOrNull(raw['callingProfileId']),
    locationId: textOrNull(raw['locationId']),
    civicAddressId: textOrNull(raw['civicAddressId']),
    acquiredOn: textOrNull(raw['acquiredOn']),
    whenCreated: textOrNull(raw['whenCreated']),
    uploadToAccountJobId: idOrNull(raw['uploadToAccountJobId']),
    tnUploadJobId: textOrNull(raw['tnUploadJobId']),
    sbcList: sbcEntries(raw['sbcList']),
    aslcht: textOrNull(raw['aslcht']),
    aslsct: textOrNull(raw['aslsct']),
    aslvCode: textOrNull(raw['aslvCode'] ?? raw['alsvcode']),
    asticks: textOrNull(raw['asticks']),
  };
  let extra: Record<string, unknown> | undefined;
  for (const key of Object.keys(raw)) {
    if (mappedFields.has(key)) continue;
    // No prototype: a `__proto__` key upstream is then a field like any other, not a new prototype.
    extra ??= Object.create(null) as Record<string, unknown>;
    extra[key] = raw[key];
  }
  if (extra) record.extra = extra;
  return record;
}

/** Distinct field names a warning kind lists; past it, one warning counts the rest. */
const maxWarnedFields = 20;

const reasonText: Record<OversizeReason, string> = {
  depth: `nested deeper than ${maxFieldDepth} levels`,
  size: `its JSON is longer than ${maxFieldChars} characters`,
  extra: `the record's undocumented fields together would pass ${maxExtraChars} characters`,
};

/**
 * Drops the fields of `raw` past the bounds (see oversizedFields.ts), tallying each as
 * "reason|field"; undocumented fields are kept in their order while they fit `extra`'s budget.
 */
function dropOversizedFields(raw: Raw, dropped: Tally): void {
  let extraChars = 2;
  for (const key of Object.keys(raw)) {
    let reason = oversizeReason(raw[key]);
    if (reason === null && !mappedFields.has(key)) {
      const withField = extraChars + JSON.stringify(key).length + 2 + jsonLength(raw[key]);
      if (withField > maxExtraChars) reason = 'extra';
      else extraChars = withField;
    }
    if (reason === null) continue;
    delete raw[key];
    dropped.add(`${reason}|${key}`);
  }
}

class Tally {
  private readonly counts = new Map<string, number>();
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  entries(): [string, number][] {
    return [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
}

/**
 * Checks each upstream record against the core schema (failures are dropped, or fail the call in
 * `enforce` mode), reports drift against the documented schema, and normalises what is kept.
 */
export function normaliseRecords(upstream: readonly unknown[], schemaMode: SchemaMode): NormalisedNumbers {
  const records: NumberRecord[] = [];
  const upstreamRecords: unknown[] = [];
  const unknownFields = new Tally();
  const unexpectedTypes = new Tally();
  let droppedCount = 0;

  const droppedFields = new Tally();

  for (const item of upstream) {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) dropOversizedFields(item as Raw, droppedFields);
    if (!validateCoreRecord(item)) {
      droppedCount++;
      continue;
    }
    const raw = item as unknown as Raw;
    for (const key of Object.keys(raw)) if (!knownUpstreamFields.has(key)) unknownFields.add(key);
    if (!validateUpstreamRecord(raw)) {
      for (const error of validateUpstreamRecord.errors ?? []) {
        unexpectedTypes.add(error.instancePath.split('/')[1] ?? '(record)');
      }
    }
    upstreamRecords.push(raw);
    records.push(normaliseRecord(raw));
  }

  const warnings: RecordWarning[] = [];
  if (droppedCount > 0) {
    warnings.push({ code: 'recordsDropped', count: droppedCount, detail: `${droppedCount} record(s) without a usable telephoneNumber were dropped.` });
  }
  const listed = <T>(entries: T[], more: (rest: number) => RecordWarning, each: (entry: T) => RecordWarning) => {
    for (const entry of entries.slice(0, maxWarnedFields)) warnings.push(each(entry));
    if (entries.length > maxWarnedFields) warnings.push(more(entries.length - maxWarnedFields));
  };
  listed(
    droppedFields.entries(),
    (rest) => ({ code: 'fieldDropped', count: rest, detail: `${rest} more field(s) were dropped for their depth or size.` }),
    ([key, count]) => {
      const [reason, ...name] = key.split('|');
      const field = shownFieldName(name.join('|'));
      return { code: 'fieldDropped', field, count, detail: `Field '${field}' was dropped in ${count} record(s): ${reasonText[reason as OversizeReason]}.` };
    },
  );
  listed(
    unknownFields.entries(),
    (rest) => ({ code: 'unknownField', count: rest, detail: `${rest} more undocumented field(s); kept under extra.` }),
    ([name, count]) => {
      const field = shownFieldName(name);
      return { code: 'unknownField', field, count, detail: `Undocumented field '${field}' in ${count} record(s); kept under extra.` };
    },
  );
  listed(
    unexpectedTypes.entries(),
    (rest) => ({ code: 'unexpectedType', count: rest, detail: `${rest} more field(s) have an undocumented type.` }),
    ([name, count]) => {
      const field = shownFieldName(name);
      return { code: 'unexpectedType', field, count, detail: `Field '${field}' has an undocumented type in ${count} record(s).` };
    },
  );
  if (schemaMode === 'enforce' && (droppedCount > 0 || unexpectedTypes.entries().length > 0)) {
    throw new UpstreamSchemaError(warnings.map((w) => w.detail).join(' '));
  }
  return { records, upstreamRecords, droppedCount, warnings };
}
