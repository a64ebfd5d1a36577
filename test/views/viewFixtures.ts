import { randomUUID } from 'node:crypto';
import { manualRunId } from '../../shared/snapshots/runIds';
import { snapshotTenantNumbers, type FetchTenantNumbers } from '../../shared/snapshots/snapshotTenantNumbers';
import type { SnapshotTables } from '../../shared/storage/snapshotTables';
import { collectingLogger } from '../snapshots/support/snapshotHarness';

/** Three tenants snapshotted into their own Azurite, so operator-wide answers are known exactly. */

type Raw = Record<string, unknown>;
const upstream = new Map<string, Raw[]>();
const fetchFromMap: FetchTenantNumbers = async (msTenantId) => structuredClone(upstream.get(msTenantId) ?? []);

export const sharedNumber = '+12065559999';
export const number = (tenant: 'a' | 'b' | 'c', i: number) => `+1206555${{ a: 1, b: 2, c: 3 }[tenant]}${String(i).padStart(3, '0')}`;

export const record = (msTenantId: string, telephoneNumber: string, fields: Raw = {}): Raw => ({
  telephoneNumber,
  tenantId: msTenantId,
  id: telephoneNumber.slice(-6),
  source: 'webapi',
  assignmentStatus: 'UserAssigned',
  acquiredCapabilities: ['InboundCalling', 'UserAssignment'],
  availableCapabilities: ['InboundCalling'],
  isoCountryCode: 'US',
  locationId: 'loc-1',
  civicAddressId: 'civic-1',
  ...fields,
});

export interface Fixture {
  a: string;
  b: string;
  c: string;
}

async function snapshot(tables: SnapshotTables, msTenantId: string, records: Raw[]): Promise<void> {
  upstream.set(msTenantId, records);
  const runId = manualRunId(Date.now());
  await snapshotTenantNumbers(
    { tables, fetchTenantNumbers: fetchFromMap, schemaMode: 'report', maxRemovalRatio: 1, log: collectingLogger() },
    { runId, msTenantId, channelId: null, force: false, correlationId: runId },
  );
}

/**
 * A: six numbers (two without an emergency address, one unassigned) and, last, the shared number.
 * B: held the shared number first and released it. C (the tenant ALLOWED_TENANTS hides): holds the
 * shared number too (not re-snapshotted since A got it) and three numbers of its own.
 * Tenant ids sort a < b < c.
 */
export async function snapshotFixture(tables: SnapshotTables): Promise<Fixture> {
  const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()].sort() as [string, string, string];
  await snapshot(tables, b, [record(b, sharedNumber), record(b, number('b', 0))]);
  await snapshot(tables, b, [record(b, number('b', 0))]);
  await snapshot(tables, c, [
    record(c, sharedNumber, { assignmentStatus: 'VoiceApp' }),
    ...[0, 1, 2].map((i) => record(c, number('c', i), { civicAddressId: null })),
  ]);
  await snapshot(tables, a, [
    record(a, number('a', 0)),
    record(a, number('a', 1), { civicAddressId: null }),
    record(a, number('a', 2), { assignmentStatus: 'Unassigned', civicAddressId: null, locationId: null }),
    record(a, number('a', 3), { assignmentStatus: 'VoiceApp', locationId: '' }),
    record(a, number('a', 4), { isoCountryCode: 'GB' }),
    record(a, number('a', 5), { assignmentStatus: null }),
    record(a, sharedNumber, { assignmentStatus: 'ConferenceAssigned' }),
  ]);
  return { a, b, c };
}
