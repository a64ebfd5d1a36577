interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A short-lived cache that also merges concurrent loads of one key into a single call.
 * A caller that skips the cache still joins a load already under way: that answer is no older than its request.
 */
export class ResultCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
  ) {}

  async getOrLoad(key: string, load: () => Promise<V>, options: { skipCache?: boolean } = {}): Promise<{ value: V; cached: boolean }> {
    const entry = this.entries.get(key);
    if (!options.skipCache && entry && entry.expiresAt > Date.now()) return { value: entry.value, cached: true };
    let pending = this.loading.get(key);
    if (!pending) {
      pending = load().finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
      pending.then(
        (value) => this.store(key, value),
        () => undefined,
      );
    }
    return { value: await pending, cached: false };
  }

  private store(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
  }
}
