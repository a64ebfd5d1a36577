import type { NumberFilters } from './numberQuery';
import type { NumberRecord } from './numberRecord';

const same = (value: string | number | null | undefined, wanted: string) => value !== null && value !== undefined && String(value).toLowerCase() === wanted;

/** Builds one predicate for all filters; every comparison is case-insensitive. */
export function numberPredicate(filters: NumberFilters): (record: NumberRecord) => boolean {
  const checks: ((record: NumberRecord) => boolean)[] = [];
  const equals = (wanted: string | undefined, read: (record: NumberRecord) => string | number | null | undefined) => {
    if (wanted === undefined) return;
    const lower = wanted.toLowerCase();
    checks.push((record) => same(read(record), lower));
  };
  equals(filters.assignmentStatus, (r) => r.assignmentStatus);
  equals(filters.acquiredNumberStatus, (r) => r.acquiredNumberStatus);
  equals(filters.isoCountryCode, (r) => r.isoCountryCode);
  equals(filters.locationId, (r) => r.locationId);
  equals(filters.civicAddressId, (r) => r.civicAddressId);
  equals(filters.numberSource, (r) => r.source);
  if (filters.capabilities.length > 0) {
    const wanted = filters.capabilities.map((c) => c.toLowerCase());
    checks.push((record) => {
      const held = new Set(record.acquiredCapabilities.map((c) => c.toLowerCase()));
      return wanted.every((c) => held.has(c));
    });
  }
  if (filters.numberStartsWith !== undefined) {
    const prefix = filters.numberStartsWith.replace(/^\+/, '');
    checks.push((record) => record.telephoneNumber.startsWith(prefix, 1));
  }
  if (filters.numberContains !== undefined) {
    const part = filters.numberContains.replace(/^\+/, '');
    checks.push((record) => record.telephoneNumber.includes(part, 1));
  }
  return (record) => checks.every((check) => check(record));
}
