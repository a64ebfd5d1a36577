import { InvalidEntityError } from '../errors/appErrors';

const maxKeyBytes = 1024;
// Table Storage forbids these in PartitionKey and RowKey, and control characters (U+0000–U+001F, U+007F–U+009F).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const forbiddenKeyCharacter = /[/\\#?\u0000-\u001f\u007f-\u009f]/;
const hasForbiddenCharacter = (value: string) => forbiddenKeyCharacter.test(value);

function assertTableKey(value: string, what: string): void {
  if (value.length === 0) throw new InvalidEntityError(`${what} is empty`);
  if (Buffer.byteLength(value, 'utf8') > maxKeyBytes) throw new InvalidEntityError(`${what} is longer than ${maxKeyBytes} bytes`);
  if (hasForbiddenCharacter(value)) {
    throw new InvalidEntityError(
      `${what} ${JSON.stringify(value.slice(0, 80))} contains a character Table Storage forbids in keys (/ \\ # ? or a control character)`,
    );
  }
}

const entityLimits = {
  /** Service limit per entity, system properties included. */
  maxEntityBytes: 1024 * 1024,
  /** A string property holds at most 64 KiB of UTF-16. */
  maxStringChars: 32 * 1024,
  /** 255 properties minus PartitionKey, RowKey and Timestamp. */
  maxProperties: 252,
} as const;

/**
 * JSON text of a value is at most 6 bytes of UTF-8 per UTF-16 unit of its string form (`\uXXXX`), and
 * a number, boolean, null or date is short. Counting that is a fraction of serialising the entity,
 * which a snapshot would otherwise do once more for each of its 200,000 rows.
 */
function jsonBytesAtMost(value: unknown): number {
  if (typeof value === 'string') return 6 * value.length + 2;
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return 32;
  return 6 * (JSON.stringify(value)?.length ?? 0);
}

/** `"name":value,` and, for dates, 64-bit and other typed values, the SDK's `"name@odata.type":"Edm.…",`. */
const propertyBytesAtMost = (name: string, value: unknown) => 2 * jsonBytesAtMost(name) + jsonBytesAtMost(value) + 48;

/**
 * An upper bound of the entity's wire size (its exact size when the bound would break the 1 MiB
 * limit); checks every limit the service would otherwise enforce mid-transaction.
 */
export function checkedEntityBytes(entity: { partitionKey: string; rowKey: string } & Record<string, unknown>): number {
  assertTableKey(entity.partitionKey, 'PartitionKey');
  assertTableKey(entity.rowKey, `RowKey of ${entity.partitionKey}`);
  const names = Object.keys(entity).filter((name) => name !== 'partitionKey' && name !== 'rowKey');
  if (names.length > entityLimits.maxProperties) throw new InvalidEntityError(`entity ${entity.rowKey} has more than ${entityLimits.maxProperties} properties`);
  let bound = propertyBytesAtMost('PartitionKey', entity.partitionKey) + propertyBytesAtMost('RowKey', entity.rowKey);
  for (const name of names) {
    const value = entity[name];
    if (typeof value === 'string' && value.length > entityLimits.maxStringChars) {
      throw new InvalidEntityError(`property ${name} of ${entity.rowKey} is longer than ${entityLimits.maxStringChars} characters`);
    }
    bound += propertyBytesAtMost(name, value);
  }
  if (bound <= entityLimits.maxEntityBytes) return bound;
  const bytes = Buffer.byteLength(JSON.stringify(entity), 'utf8');
  if (bytes > entityLimits.maxEntityBytes) throw new InvalidEntityError(`entity ${entity.rowKey} is larger than 1 MiB`);
  return bytes;
}
