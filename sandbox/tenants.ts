import { GUID_PATTERN } from './http';
import {
  demoNumber,
  generatedRecords,
  legacyRecord,
  legacyRecordJson,
  modernRecord,
  scaleNumber,
  seedOf,
  type Country,
  type NumberRecord,
  type RecordShape,
} from './numberGenerator';

/**
 * The customer tenants the sandbox Live Platform knows: four built-in demo tenants, tenants
 * registered by tests through the control API, and "scale" tenants made up on demand.
 * Response bodies are serialised once per tenant and kept as buffers, so a 100,000-number
 * tenant costs one JSON build, not one per request.
 */

/** Legacy record shape, 25 numbers in US/GB/DE, on channel 7. */
export const LEGACY_TENANT_ID = '11111111-1111-4111-8111-111111111111';
export const LEGACY_TENANT_CHANNEL_ID = 7;
export const LEGACY_TENANT_NUMBERS = 25;
/** Newer record shape, 12 numbers, no channel. */
export const MODERN_TENANT_ID = '22222222-2222-4222-8222-222222222222';
export const MODERN_TENANT_NUMBERS = 12;
/** Schema drift: both shapes, unknown fields, `alsvcode`, numbers without `+`, two broken records. */
export const DRIFT_TENANT_ID = '33333333-3333-4333-8333-333333333333';
export const DRIFT_TENANT_RECORDS = 10;
/** Records of the drift tenant that fail the core schema (no telephoneNumber; "not-a-number"). */
export const DRIFT_TENANT_INVALID_RECORDS = 2;
/** A tenant with no numbers at all. */
export const EMPTY_TENANT_ID = '44444444-4444-4444-8444-444444444444';

/** `5ca1e000-0000-4000-8000-NNNNNNNNNNNN` answers NNNNNNNNNNNN (decimal) legacy records. */
export const SCALE_TENANT_PREFIX = '5ca1e000-0000-4000-8000-';
/** Bigger scale tenants are refused: the cached body would take gigabytes. */
export const MAX_SCALE_TENANT_NUMBERS = 1_000_000;
const SCALE_CACHE_SIZE = 3;

export function scaleTenantId(count: number): string {
  if (!Number.isInteger(count) || count < 0 || count > 999_999_999_999) throw new RangeError(`bad scale count ${count}`);
  return `${SCALE_TENANT_PREFIX}${String(count).padStart(12, '0')}`;
}

export interface TenantBody {
  /** The JSON array, in pieces (one huge string would hit V8's string length limit). */
  chunks: readonly Buffer[];
  byteLength: number;
}

export interface TenantRegistration {
  records?: NumberRecord[];
  /** Each record's JSON text, served byte for byte (deep nesting, duplicate keys, `__proto__`): overrides `records`. */
  recordsJson?: string[];
  shape?: RecordShape;
  count?: number;
  channelId?: number | null;
  name?: string;
}

export interface CustomerSummary {
  MsTenantId: string;
  CustomerName: string;
  ovocChannelId: number | null;
}

const CHUNK_BYTES = 1024 * 1024;

export class Tenant {
  private cachedBody: TenantBody | undefined;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly channelId: number | null,
    private readonly produce: () => Iterable<NumberRecord>,
    readonly listed: boolean,
    /** Each record as JSON text, when the tenant can write it faster than JSON.stringify. */
    private readonly produceJson: () => Iterable<string> = () => stringifyEach(produce()),
  ) {}

  /** Fresh copies: callers may change them without touching the tenant. */
  records(): NumberRecord[] {
    return [...this.produce()].map((record) => structuredClone(record));
  }

  count(): number {
    let count = 0;
    for (const json of this.produceJson()) count += json.length > 0 ? 1 : 0;
    return count;
  }

  body(): TenantBody {
    this.cachedBody ??= serialise(this.produceJson());
    return this.cachedBody;
  }
}

function* stringifyEach(records: Iterable<NumberRecord>): Generator<string> {
  for (const record of records) yield JSON.stringify(record);
}

/**
 * Writes `[rec,rec,…]` straight into 1 MiB buffers: joining huge strings first would cost a
 * second copy and, past ~512 MB, hit V8's string length limit.
 */
function serialise(recordsJson: Iterable<string>): TenantBody {
  const chunks: Buffer[] = [];
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let offset = 0;
  const room = (needed: number): void => {
    if (offset + needed <= buffer.length) return;
    if (offset > 0) chunks.push(buffer.subarray(0, offset));
    buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, needed));
    offset = 0;
  };
  let separator = '[';
  for (const json of recordsJson) {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit; +1 for the separator.
    room(json.length * 3 + 1);
    offset += buffer.write(separator, offset, 'latin1');
    offset += buffer.write(json, offset, 'utf8');
    separator = ',';
  }
  room(2);
  offset += buffer.write(separator === '[' ? '[]' : ']', offset, 'latin1');
  chunks.push(buffer.subarray(0, offset));
  return { chunks, byteLength: chunks.reduce((sum, chunk) => sum + chunk.length, 0) };
}

export class TenantStore {
  private readonly builtIns = new Map<string, Tenant>(builtInTenants().map((tenant) => [tenant.id, tenant]));
  private readonly registered = new Map<string, Tenant>();
  /** Deleted built-in or scale tenants stay gone until re-registered or reset. */
  private readonly deleted = new Set<string>();
  private readonly scaleTenants = new Map<string, Tenant>();

  find(tenantId: string): Tenant | undefined {
    const id = tenantId.toLowerCase();
    const registered = this.registered.get(id);
    if (registered) return registered;
    if (this.deleted.has(id)) return undefined;
    return this.builtIns.get(id) ?? this.scaleTenant(id);
  }

  register(tenantId: string, registration: TenantRegistration): Tenant {
    const id = tenantId.toLowerCase();
    const name = registration.name ?? `Sandbox customer ${id.slice(0, 8)}`;
    const channelId = registration.channelId ?? null;
    if (registration.recordsJson) {
      const texts = [...registration.recordsJson];
      // records() parses them (the GET control route); the numbers call serves the texts unchanged.
      const tenant = new Tenant(
        id,
        name,
        channelId,
        () => texts.map((text) => JSON.parse(text) as NumberRecord),
        true,
        () => texts,
      );
      this.registered.set(id, tenant);
      this.deleted.delete(id);
      return tenant;
    }
    let records: NumberRecord[];
    if (registration.records) {
      records = registration.records.map((record) => structuredClone(record));
    } else {
      records = generatedRecords(id, registration.shape ?? 'legacy', registration.count ?? 10, seedOf(id));
    }
    const tenant = new Tenant(id, name, channelId, () => records, true);
    this.registered.set(id, tenant);
    this.deleted.delete(id);
    return tenant;
  }

  delete(tenantId: string): boolean {
    const id = tenantId.toLowerCase();
    const existed = this.find(id) !== undefined;
    this.registered.delete(id);
    this.scaleTenants.delete(id);
    this.deleted.add(id);
    return existed;
  }

  reset(): void {
    this.registered.clear();
    this.deleted.clear();
    this.scaleTenants.clear();
  }

  /** What `GET /api/v3/customer` lists: built-in and registered tenants (not scale ones). */
  customers(): CustomerSummary[] {
    const tenants = new Map<string, Tenant>();
    for (const tenant of this.builtIns.values()) if (!this.deleted.has(tenant.id)) tenants.set(tenant.id, tenant);
    for (const tenant of this.registered.values()) tenants.set(tenant.id, tenant);
    return [...tenants.values()]
      .filter((tenant) => tenant.listed)
      .map((tenant) => ({ MsTenantId: tenant.id, CustomerName: tenant.name, ovocChannelId: tenant.channelId }));
  }

  private scaleTenant(id: string): Tenant | undefined {
    if (!id.startsWith(SCALE_TENANT_PREFIX) || !GUID_PATTERN.test(id)) return undefined;
    const digits = id.slice(SCALE_TENANT_PREFIX.length);
    if (!/^\d{12}$/.test(digits)) return undefined;
    const count = Number(digits);
    if (count > MAX_SCALE_TENANT_NUMBERS) return undefined;

    let tenant = this.scaleTenants.get(id);
    if (tenant) {
      // Refresh its place so the most recently used bodies survive eviction.
      this.scaleTenants.delete(id);
    } else {
      const seed = seedOf(id);
      tenant = new Tenant(
        id,
        `Scale customer ${count}`,
        null,
        () => scaleRecords(id, count, seed),
        false,
        () => scaleRecordsJson(id, count, seed),
      );
    }
    this.scaleTenants.set(id, tenant);
    while (this.scaleTenants.size > SCALE_CACHE_SIZE) {
      const oldest = this.scaleTenants.keys().next().value;
      if (oldest === undefined) break;
      this.scaleTenants.delete(oldest);
    }
    return tenant;
  }
}

function* scaleRecordsJson(tenantId: string, count: number, seed: number): Generator<string> {
  for (let index = 0; index < count; index += 1) {
    yield legacyRecordJson({ tenantId, index, telephoneNumber: scaleNumber(index), isoCountryCode: 'US', seed });
  }
}

function* scaleRecords(tenantId: string, count: number, seed: number): Generator<NumberRecord> {
  for (const json of scaleRecordsJson(tenantId, count, seed)) yield JSON.parse(json) as NumberRecord;
}

function builtInTenants(): Tenant[] {
  const legacy = legacyTenantRecords();
  const modern = modernTenantRecords();
  const drift = driftTenantRecords();
  return [
    new Tenant(LEGACY_TENANT_ID, 'Contoso Legacy (sandbox)', LEGACY_TENANT_CHANNEL_ID, () => legacy, true),
    new Tenant(MODERN_TENANT_ID, 'Fabrikam Modern (sandbox)', null, () => modern, true),
    new Tenant(DRIFT_TENANT_ID, 'Northwind Drift (sandbox)', null, () => drift, true),
    new Tenant(EMPTY_TENANT_ID, 'Tailspin Empty (sandbox)', null, () => [], true),
  ];
}

function countryMix(plan: ReadonlyArray<[Country, number]>): Array<{ country: Country; local: number }> {
  return plan.flatMap(([country, count]) => Array.from({ length: count }, (_, local) => ({ country, local })));
}

function legacyTenantRecords(): NumberRecord[] {
  const seed = 11;
  return countryMix([
    ['US', 12],
    ['GB', 8],
    ['DE', 5],
  ]).map(({ country, local }, index) =>
    legacyRecord({
      // Upstream is not consistent about the case of tenantId.
      tenantId: index % 6 === 5 ? LEGACY_TENANT_ID.toUpperCase() : LEGACY_TENANT_ID,
      index,
      telephoneNumber: demoNumber(country, local),
      isoCountryCode: country,
      seed,
    }),
  );
}

function modernTenantRecords(): NumberRecord[] {
  const seed = 22;
  return countryMix([
    ['US', 8],
    ['GB', 4],
  ]).map(({ country, local }, index) =>
    modernRecord({ tenantId: MODERN_TENANT_ID, index, telephoneNumber: demoNumber(country, local + 50), isoCountryCode: country, seed }),
  );
}

/** Hand-made drift: every quirk the documentation admits to, plus two records that must be dropped. */
function driftTenantRecords(): NumberRecord[] {
  const seed = 33;
  const tenantId = DRIFT_TENANT_ID;
  const legacy = (index: number, telephoneNumber: string, country: Country): NumberRecord =>
    legacyRecord({ tenantId, index, telephoneNumber, isoCountryCode: country, seed });
  const modern = (index: number, telephoneNumber: string, country: Country): NumberRecord =>
    modernRecord({ tenantId, index, telephoneNumber, isoCountryCode: country, seed });

  const renameAslvCode = (record: NumberRecord): NumberRecord => {
    const { aslvCode, ...rest } = record;
    return { ...rest, alsvcode: aslvCode ?? '200' };
  };

  return [
    // Legacy record with the `alsvcode` spelling and V3-only fields.
    {
      ...renameAslvCode(legacy(0, demoNumber('US', 30), 'US')),
      tenantCallingProfileId: 4021,
      ocSipConnectionName: 'ipgroup-east',
      ocSipConnectionDescription: 'East IP group',
      umpCustomerGuid: 'b7f0c2de-33aa-4c1e-9f00-000000000033',
      ovocChannelId: null,
    },
    // Legacy record whose number has no leading '+'.
    { ...legacy(1, demoNumber('US', 31).slice(1), 'US'), sbcListArray: 'sbc-us-1,sbc-us-2' },
    // Newer shape, upper-case tenant id and a number without '+'.
    { ...modern(2, demoNumber('GB', 32).slice(1), 'GB'), tenantId: DRIFT_TENANT_ID.toUpperCase() },
    // Newer shape with unknown fields the app must carry along, not choke on.
    { ...modern(3, demoNumber('DE', 33), 'DE'), futureFlag: true, partnerMetadata: { tier: 'gold', region: 'eu' } },
    // Legacy with a string acquiredNumberStatus and Microsoft's newer assignment names.
    { ...legacy(4, demoNumber('US', 34), 'US'), acquiredNumberStatus: 'Active', assignmentStatus: 'ThirdPartyAppAssigned' },
    { ...legacy(5, demoNumber('GB', 35), 'GB'), assignmentStatus: 'PolicyAssigned', umpCustomerFullName: 'Northwind Traders' },
    // Capabilities null / mixed case; V3 channel field as a number.
    {
      ...modern(6, demoNumber('US', 36), 'US'),
      acquiredCapabilities: ['calling', 'InboundCalling'],
      availableCapabilities: null,
      ovocChannelId: 0,
      msCompanyName: 'Northwind',
    },
    { ...renameAslvCode(legacy(7, demoNumber('DE', 37), 'DE')), acquiredCapabilities: null, consentedOn: '2024-02-01T08:00:00Z' },
    // Fails the core schema: no telephoneNumber at all.
    (() => {
      const { telephoneNumber: _dropped, ...rest } = legacy(8, demoNumber('US', 38), 'US');
      return rest;
    })(),
    // Fails the core schema: a telephoneNumber that is not a number.
    { ...modern(9, 'not-a-number', 'US') },
  ];
}
