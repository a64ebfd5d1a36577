import type { NumberRecord } from '../numbers/numberRecord';

/**
 * The records of each tenant's last successful snapshot, kept in memory by the run that wrote them:
 * source=snapshot and the auto fallback read a tenant's partition once per successful run instead of
 * on every request. Concurrent callers of a tenant not yet loaded share one load. Bounded by an
 * estimate of the records' bytes; the least recently used tenants go first, and a tenant larger than
 * the whole budget is loaded for its callers but not kept.
 */

export interface CachedSnapshot {
  records: NumberRecord[];
  takenAt: string;
}

interface Entry {
  key: string;
  value: Promise<CachedSnapshot | null>;
  bytes: number;
}

/** 128 MiB of records: some 250,000 numbers (a record's estimate is about 500 bytes). */
export const snapshotCacheBudgetBytes = 128 * 1024 * 1024;

export class SnapshotReadCache {
  /** By tenant (and table), in least-recently-used-first order. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number = snapshotCacheBudgetBytes) {}

  /** The tenant's records as of `runId`, loaded at most once per run while kept. */
  get(tenantKey: string, runId: string, load: () => Promise<CachedSnapshot | null>): Promise<CachedSnapshot | null> {
    const key = `${tenantKey}\n${runId}`;
    const kept = this.entries.get(tenantKey);
    if (kept?.key === key) {
      // Most recently used goes last.
      this.entries.delete(tenantKey);
      this.entries.set(tenantKey, kept);
      return kept.value;
    }
    if (kept) this.remove(tenantKey);
    const entry: Entry = { key, value: load(), bytes: 0 };
    this.entries.set(tenantKey, entry);
    entry.value.then(
      (snapshot) => {
        if (this.entries.get(tenantKey) !== entry) return;
        entry.bytes = snapshot ? estimateBytes(snapshot.records) : 0;
        this.bytes += entry.bytes;
        // Larger than the whole budget: served to the callers that shared the load, then dropped alone.
        if (entry.bytes > this.budgetBytes) this.remove(tenantKey);
        else this.evict();
      },
      () => {
        // A failed load is not kept: the next caller tries again.
        if (this.entries.get(tenantKey) === entry) this.remove(tenantKey);
      },
    );
    return entry.value;
  }

  get keptBytes(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private remove(tenantKey: string): void {
    const entry = this.entries.get(tenantKey);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(tenantKey);
  }

  private evict(): void {
    for (const tenantKey of this.entries.keys()) {
      if (this.bytes <= this.budgetBytes) return;
      this.remove(tenantKey);
    }
  }
}

/** UTF-16 strings cost two bytes a character; each field and object some overhead. An estimate, not a measurement. */
function estimateBytes(records: readonly NumberRecord[]): number {
  let bytes = 0;
  for (const record of records) {
    bytes += 64;
    for (const value of Object.values(record)) {
      if (typeof value === 'string') bytes += 16 + 2 * value.length;
      else if (value !== null && typeof value === 'object') bytes += 32 + 2 * JSON.stringify(value).length;
      else bytes += 16;
    }
  }
  return bytes;
}
