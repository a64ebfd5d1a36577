/**
 * Deterministic Operator Connect number records in the two shapes the Live Platform documents.
 * Same inputs, same records: tests and demos can rely on exact values across runs.
 */

export type RecordShape = 'legacy' | 'modern';
export type NumberRecord = Record<string, unknown>;

export type Country = 'US' | 'GB' | 'DE';

/** Numbers from ranges set aside for fiction/drama where they exist, so no real line is named. */
export function demoNumber(country: Country, index: number): string {
  switch (country) {
    case 'US': {
      const areaCodes = ['206', '425', '312', '212', '415'];
      const area = areaCodes[Math.floor(index / 100) % areaCodes.length] ?? '206';
      return `+1${area}55501${String(index % 100).padStart(2, '0')}`;
    }
    case 'GB':
      return `+44207946${String(index % 1000).padStart(4, '0')}`;
    case 'DE':
      return `+4930231250${String(index % 100).padStart(2, '0')}`;
  }
}

const SCALE_AREA_CODES = ['206', '212', '213', '305', '312', '404', '415', '425', '503', '512'];
const SCALE_EXCHANGES = 800; // 200…999
const SCALE_LINES = 10_000; // 0000…9999

/** The largest scale tenant: beyond this the cached body would not fit comfortably in memory. */
export const MAX_SCALE_NUMBERS = SCALE_AREA_CODES.length * SCALE_EXCHANGES * SCALE_LINES;

/** A unique, valid North American E.164 number for every index below MAX_SCALE_NUMBERS. */
export function scaleNumber(index: number): string {
  const line = index % SCALE_LINES;
  const exchange = 200 + (Math.floor(index / SCALE_LINES) % SCALE_EXCHANGES);
  const area = SCALE_AREA_CODES[Math.floor(index / (SCALE_LINES * SCALE_EXCHANGES))];
  if (area === undefined) throw new RangeError(`scale index ${index} out of range`);
  return `+1${area}${exchange}${String(line).padStart(4, '0')}`;
}

/** A GUID-looking id derived from a seed and an index (stable, readable in diffs). */
export function derivedGuid(seed: number, index: number): string {
  const hex = (value: number, width: number): string => value.toString(16).padStart(width, '0').slice(-width);
  return `${hex(seed, 8)}-${hex(index >>> 16, 4)}-4${hex(index & 0xfff, 3)}-8${hex(seed & 0xfff, 3)}-${hex(index, 12)}`;
}

const BASE_TIME = Date.UTC(2024, 0, 15, 10, 30, 0);
const HOUR = 3600 * 1000;

/** Two years of hourly steps, then round again: dates stay plausible for a million records. */
const HOURS_IN_CYCLE = 17_520;
function timeAt(hoursAfterBase: number): number {
  return BASE_TIME + (hoursAfterBase % HOURS_IN_CYCLE) * HOUR;
}

/** Formatting dates dominated scale-tenant generation; there are only HOURS_IN_CYCLE of them. */
const isoCache: string[] = [];
function isoAt(hoursAfterBase: number): string {
  const slot = hoursAfterBase % HOURS_IN_CYCLE;
  return (isoCache[slot] ??= new Date(timeAt(slot)).toISOString());
}

/** .NET ticks (100 ns since 0001-01-01) as a string; too big for a JS number, so built as text. */
const UNIX_EPOCH_IN_DOTNET_MS = 62_135_596_800_000;
function dotNetTicksAt(hoursAfterBase: number): string {
  return `${timeAt(hoursAfterBase) + UNIX_EPOCH_IN_DOTNET_MS}0000`;
}

const LEGACY_SOURCES = ['webapi', 'webui', 'ocsync'] as const;
const LEGACY_ASSIGNMENTS = ['UserAssigned', 'Unassigned', null, 'ConferenceAssigned', 'VoiceApp', 'VoiceApplicationAssigned', 'UserAssigned'] as const;
const LEGACY_NUMBER_STATUSES = [1, 'Active', null, 0] as const;
const LEGACY_ACQUIRED_CAPABILITIES = [
  ['InboundCalling', 'OutboundCalling', 'UserAssignment'],
  ['InboundCalling', 'UserAssignment'],
  ['InboundCalling', 'OutboundCalling', 'ConferenceAssignment'],
  ['InboundCalling', 'OutboundCalling', 'VoiceAppAssignment', 'TollFree'],
] as const;
const LEGACY_AVAILABLE_CAPABILITIES = ['InboundCalling', 'OutboundCalling', 'UserAssignment', 'ConferenceAssignment', 'VoiceAppAssignment', 'Mobile'] as const;

function pick<T>(list: readonly T[], index: number): T {
  const value = list[index % list.length];
  if (value === undefined) throw new RangeError('empty list');
  return value;
}

export interface RecordInput {
  tenantId: string;
  index: number;
  telephoneNumber: string;
  isoCountryCode: string;
  /** Spreads ids so two tenants never share record ids. */
  seed: number;
}

/** The older, richer record (uploadTelephoneNumberEntryId, sbcName/sbcId, as* check fields). */
export function legacyRecord(input: RecordInput): NumberRecord {
  return JSON.parse(legacyRecordJson(input)) as NumberRecord;
}

/**
 * The legacy record as JSON text, written directly rather than through JSON.stringify: scale
 * tenants serialise hundreds of thousands of these, and this is several times faster.
 * Field order and values are exactly those of `legacyRecord`, which parses this text.
 */
export function legacyRecordJson({ tenantId, index, telephoneNumber, isoCountryCode, seed }: RecordInput): string {
  const checked = index % 5 !== 4;
  const q = JSON.stringify;
  const country = q(isoCountryCode);
  const sbcIndex = index % 2;
  return (
    `{"uploadTelephoneNumberEntryId":${seed * 1_000_000 + index + 1}` +
    `,"source":"${pick(LEGACY_SOURCES, index)}"` +
    `,"sbcList":[{"sbcName":${q(`sbc-${isoCountryCode.toLowerCase()}-${sbcIndex + 1}`)},"sbcId":${100 + sbcIndex}}]` +
    `,"id":${seed * 1_000_000 + 500_000 + index}` +
    `,"uploadToAccountJobId":${7000 + Math.floor(index / 50)}` +
    `,"whenCreated":"${isoAt(index)}"` +
    `,"acquiredNumberStatus":${q(pick(LEGACY_NUMBER_STATUSES, index))}` +
    `,"telephoneNumber":${q(telephoneNumber)}` +
    `,"callingProfileId":"${cachedGuid(0xca11, seed)}"` +
    `,"acquiredCapabilities":${LEGACY_ACQUIRED_CAPABILITIES_JSON[index % LEGACY_ACQUIRED_CAPABILITIES_JSON.length] ?? '[]'}` +
    `,"availableCapabilities":${LEGACY_AVAILABLE_CAPABILITIES_JSON}` +
    `,"acquiredOn":"${isoAt(index + 2)}"` +
    `,"isoCountryCode":${country}` +
    `,"tnUploadJobId":"${cachedGuid(0x70b, seed * 1000 + Math.floor(index / 50))}"` +
    `,"locationId":"${cachedGuid(0x10c, (seed << 4) + (index % 3))}"` +
    `,"civicAddressId":"${cachedGuid(0xadd, (seed << 4) + (index % 3))}"` +
    `,"assignmentStatus":${q(pick(LEGACY_ASSIGNMENTS, index))}` +
    `,"tenantId":${q(tenantId)}` +
    `,"aslcht":${checked ? `"${isoAt(index + 48)}"` : 'null'}` +
    `,"aslsct":${checked && index % 2 === 0 ? `"${isoAt(index + 24)}"` : 'null'}` +
    `,"aslvCode":${checked ? '"200"' : 'null'}` +
    `,"asticks":"${dotNetTicksAt(index + 48)}"}`
  );
}

const LEGACY_ACQUIRED_CAPABILITIES_JSON = LEGACY_ACQUIRED_CAPABILITIES.map((list) => JSON.stringify(list));
const LEGACY_AVAILABLE_CAPABILITIES_JSON = JSON.stringify(LEGACY_AVAILABLE_CAPABILITIES);

/** derivedGuid for the few values that repeat across many records (bounded memo). */
const guidCache = new Map<string, string>();
function cachedGuid(seed: number, index: number): string {
  const key = `${seed}:${index}`;
  let guid = guidCache.get(key);
  if (guid === undefined) {
    if (guidCache.size > 10_000) guidCache.clear();
    guid = derivedGuid(seed, index);
    guidCache.set(key, guid);
  }
  return guid;
}

/** The newer, slimmer record from the V2 example response (lower-case capabilities, fqdn/port SBCs). */
export function modernRecord({ tenantId, index, telephoneNumber, isoCountryCode, seed }: RecordInput): NumberRecord {
  return {
    id: seed * 1_000_000 + index + 1,
    telephoneNumber,
    tenantId,
    assignmentStatus: 'Active',
    // Mostly the documented ['calling']; every third also has sms, so capability filters have something to tell apart.
    acquiredCapabilities: index % 3 === 1 ? ['calling', 'sms'] : ['calling'],
    availableCapabilities: ['calling', 'sms'],
    isoCountryCode,
    locationId: `loc-${seed}-${index % 4}`,
    civicAddressId: `addr-${seed}-${index % 4}`,
    acquiredOn: isoAt(index * 3),
    source: 'OperatorConnect',
    sbcList: [{ fqdn: `sbc${(index % 2) + 1}.sandbox.example.com`, port: 5061 }],
  };
}

export function recordOfShape(shape: RecordShape, input: RecordInput): NumberRecord {
  return shape === 'legacy' ? legacyRecord(input) : modernRecord(input);
}

/** `count` US numbers of one shape, for registered tenants without explicit records. */
export function generatedRecords(tenantId: string, shape: RecordShape, count: number, seed: number): NumberRecord[] {
  const records: NumberRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    records.push(recordOfShape(shape, { tenantId, index, telephoneNumber: scaleNumber(index), isoCountryCode: 'US', seed }));
  }
  return records;
}

/** A stable small seed from a tenant id, so generated ids differ between tenants. */
export function seedOf(tenantId: string): number {
  let hash = 0;
  for (const char of tenantId.toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) % 9973;
  return hash + 10;
}
