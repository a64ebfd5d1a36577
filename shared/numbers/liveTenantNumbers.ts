import type { Settings } from '../config/settings';
import type { Logger } from '../logging/logger';
import type { RecordWarning } from './recordWarnings';
import type { NumberRecord } from './numberRecord';
import { normaliseRecords } from './normaliseRecords';
import { getLivePlatformClient } from '../live-platform/livePlatform';
import { ResultCache } from '../live-platform/resultCache';

export interface TenantNumbers {
  records: NumberRecord[];
  /** Upstream records that passed the core schema, exactly as received. */
  upstreamRecords: unknown[];
  droppedCount: number;
  warnings: RecordWarning[];
  retrievedAt: string;
}

export interface LiveLookup {
  msTenantId: string;
  channelId: number | null;
  correlationId: string;
  traceparent?: string | undefined;
  log: Logger;
  skipCache: boolean;
}

let cache: ResultCache<TenantNumbers> | undefined;

/** A tenant's numbers from the Live Platform, normalised once and shared by concurrent and cached callers. */
export async function getLiveTenantNumbers(settings: Settings, lookup: LiveLookup): Promise<TenantNumbers & { cached: boolean }> {
  cache ??= new ResultCache<TenantNumbers>(settings.cacheSeconds * 1000);
  const key = `${lookup.msTenantId}|${lookup.channelId ?? ''}`;
  const { value, cached } = await cache.getOrLoad(key, () => fetchAndNormalise(settings, lookup), { skipCache: lookup.skipCache });
  return { ...value, cached };
}

async function fetchAndNormalise(settings: Settings, lookup: LiveLookup): Promise<TenantNumbers> {
  const upstream = await getLivePlatformClient(settings).fetchTenantNumbers(lookup.msTenantId, {
    channelId: lookup.channelId,
    correlationId: lookup.correlationId,
    traceparent: lookup.traceparent,
    log: lookup.log,
  });
  const retrievedAt = new Date().toISOString();
  const normalised = normaliseRecords(upstream, settings.schemaMode);
  for (const warning of normalised.warnings) lookup.log.warn(`Tenant ${lookup.msTenantId}: ${warning.detail}`);
  return { ...normalised, retrievedAt };
}

export function clearLiveTenantNumbersCache(): void {
  cache = undefined;
}
