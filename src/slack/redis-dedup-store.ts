import type { DedupStore } from './dedup-store.js';

/** The Redis command this store uses (an ioredis client fits). */
export interface RedisSetClient {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<'OK' | null>;
}

export interface RedisDedupStoreSettings {
  client: RedisSetClient;
  /** Key prefix (default `dossier:`); keys are `<prefix>slack:dedup:<key>`. */
  prefix?: string;
}

/**
 * A DedupStore in Redis: `SET key 1 PX ttl NX` is one atomic claim, so when
 * Slack retries an event to another replica exactly one replica answers it.
 * Errors are thrown; the bot fails open (answering twice beats never).
 */
export function createRedisDedupStore({ client, prefix = 'dossier:' }: RedisDedupStoreSettings): DedupStore {
  return {
    async claim(key, ttlMs) {
      return (await client.set(`${prefix}slack:dedup:${key}`, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
    },
  };
}
