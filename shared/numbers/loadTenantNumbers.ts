import type { Settings } from '../config/settings';
import { NotFoundError } from '../errors/requestErrors';
import { LivePlatformFailure } from '../errors/upstreamErrors';
import type { RecordWarning } from './recordWarnings';
import { getLiveTenantNumbers, type LiveLookup } from './liveTenantNumbers';
import type { DataSource } from './numberQuery';
import type { NumberRecord } from './numberRecord';

export interface LoadedNumbers {
  source: 'live' | 'snapshot';
  records: NumberRecord[];
  upstreamRecords: unknown[];
  droppedCount: number;
  warnings: (RecordWarning | { code: 'servedFromSnapshot'; detail: string })[];
  retrievedAt: string;
  /** Seconds since the snapshot was taken, when answered from one. */
  snapshotAgeSeconds?: number;
}

/** Where `source=snapshot|auto` reads from; the snapshot module provides it. */
export type TenantSnapshotReader = (msTenantId: string) => Promise<{ records: NumberRecord[]; takenAt: string } | null>;

/** Loads a tenant's numbers from the data source the caller asked for. */
export async function loadTenantNumbers(
  settings: Settings,
  source: DataSource,
  lookup: LiveLookup,
  readSnapshot: TenantSnapshotReader,
): Promise<LoadedNumbers> {
  if (source === 'live') return fromLive(settings, lookup);
  if (source === 'snapshot') return fromSnapshot(lookup.msTenantId, readSnapshot);
  try {
    return await fromLive(settings, lookup);
  } catch (liveError) {
    // Only an upstream failure falls back; a tenant the Live Platform does not know stays a 404.
    if (!(liveError instanceof LivePlatformFailure)) throw liveError;
    const snapshot = await fromSnapshot(lookup.msTenantId, readSnapshot).catch(() => null);
    if (!snapshot) throw liveError;
    lookup.log.warn(`Live Platform failed (${liveError instanceof Error ? liveError.message : 'unknown'}); answering from the snapshot`);
    snapshot.warnings.push({
      code: 'servedFromSnapshot',
      detail: `The Live Platform failed; these are the numbers of the snapshot taken ${snapshot.retrievedAt}.`,
    });
    return snapshot;
  }
}

async function fromLive(settings: Settings, lookup: LiveLookup): Promise<LoadedNumbers> {
  const live = await getLiveTenantNumbers(settings, lookup);
  return {
    source: 'live',
    records: live.records,
    upstreamRecords: live.upstreamRecords,
    droppedCount: live.droppedCount,
    warnings: [...live.warnings],
    retrievedAt: live.retrievedAt,
  };
}

async function fromSnapshot(msTenantId: string, readSnapshot: TenantSnapshotReader): Promise<LoadedNumbers> {
  const snapshot = await readSnapshot(msTenantId);
  if (!snapshot) throw new NotFoundError(`No successful snapshot of tenant ${msTenantId} exists yet.`);
  const ageSeconds = Math.max(0, Math.round((Date.now() - Date.parse(snapshot.takenAt)) / 1000));
  return {
    source: 'snapshot',
    records: snapshot.records,
    upstreamRecords: [],
    droppedCount: 0,
    warnings: [],
    retrievedAt: snapshot.takenAt,
    snapshotAgeSeconds: ageSeconds,
  };
}
