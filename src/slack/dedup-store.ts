/**
 * Remembers which Slack deliveries were already taken, so a retried event
 * (`X-Slack-Retry-Num`) is answered once. A shared store (Redis) implements the
 * same interface when several instances run.
 */
export interface DedupStore {
  /** True the first time `key` is claimed within `ttlMs`; false for a repeat. */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

export interface MemoryDedupStoreSettings {
  /** Most keys remembered; the oldest are forgotten first. */
  maxEntries?: number;
  /** Clock in ms (tests pin it). */
  now?: () => number;
}

/** In-process dedup store, bounded in size and by each key's time to live. */
export function createMemoryDedupStore(settings: MemoryDedupStoreSettings = {}): DedupStore {
  const maxEntries = settings.maxEntries ?? 10_000;
  const now = settings.now ?? Date.now;
  const expiries = new Map<string, number>();
  return {
    async claim(key, ttlMs) {
      const t = now();
      const expiry = expiries.get(key);
      if (expiry !== undefined && expiry > t) return false;
      expiries.delete(key);
      expiries.set(key, t + ttlMs);
      for (const [k, e] of expiries) {
        if (expiries.size <= maxEntries && e > t) break;
        expiries.delete(k);
      }
      return true;
    },
  };
}
