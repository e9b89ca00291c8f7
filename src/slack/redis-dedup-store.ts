import type { DedupStore } from './dedup-store.js';

/** The Redis command this store uses (an ioredis client fits). */
export interface RedisSetClient {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<'OK' | null>;
}

export interface RedisDedupStoreSettings {
  client: RedisSetClient;
  /** Key prefix (default `dossier:`); keys are `<prefix>slack:dedup:<key>`. */
  prefix?: string;
  /** Claims made while Redis cannot be reached (this process's memory); without it a failed claim throws. */
  fallback?: DedupStore;
  /** The Redis circuit breaker: while open, the fallback is used without trying Redis. */
  circuit?: { readonly isOpen: boolean };
}

/**
 * A DedupStore in Redis: `SET key 1 PX ttl NX` is one atomic claim, so when
 * Slack retries an event to another replica exactly one replica answers it.
 * While Redis is down or hung, claims fall back to this process's memory
 * (a retry reaching the same replica is still answered once); without a
 * fallback errors are thrown and the bot fails open (answering twice beats never).
 */
export function createRedisDedupStore({ client, prefix = 'dossier:', fallback, circuit }: RedisDedupStoreSettings): DedupStore {
  return {
    async claim(key, ttlMs) {
      if (circuit?.isOpen && fallback) return fallback.claim(key, ttlMs);
      try {
        return (await client.set(`${prefix}slack:dedup:${key}`, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
      } catch (err) {
        if (!fallback) throw err;
        return fallback.claim(key, ttlMs);
      }
    },
  };
}
