import type { ThreadExchange, ThreadStore } from './thread-store.js';

/** The Redis commands this store uses (an ioredis client fits). */
export interface RedisThreadClient {
  lrange(key: string, start: number, stop: number): Promise<string[]>;
  multi(): RedisThreadTransaction;
}

/** A MULTI transaction of list commands (chainable, like ioredis'). */
export interface RedisThreadTransaction {
  rpush(key: string, ...values: string[]): RedisThreadTransaction;
  ltrim(key: string, start: number, stop: number): RedisThreadTransaction;
  pexpire(key: string, ms: number): RedisThreadTransaction;
  exec(): Promise<Array<[Error | null, unknown]> | null>;
}

export interface RedisThreadStoreSettings {
  client: RedisThreadClient;
  /** Key prefix (default `dossier:`); keys are `<prefix>slack:thread:<channel:thread_ts>`. */
  prefix?: string;
  /** Most exchanges kept per thread. */
  maxExchanges?: number;
  /** A thread idle for longer than this expires. */
  ttlMs?: number;
  logger?: { warn(obj: object, msg: string): void };
}

/**
 * A ThreadStore in Redis, so a follow-up in a Slack thread is answered with
 * its history whichever replica receives it. A failed read logs and returns
 * no history; a failed write logs and is dropped (the answer is still posted).
 */
export function createRedisThreadStore(settings: RedisThreadStoreSettings): ThreadStore {
  const { client, prefix = 'dossier:', maxExchanges = 20, ttlMs = 24 * 60 * 60 * 1000, logger } = settings;
  const keyOf = (key: string) => `${prefix}slack:thread:${key}`;
  return {
    async get(key) {
      try {
        const raw = await client.lrange(keyOf(key), -maxExchanges, -1);
        return raw.flatMap((item) => {
          try {
            const e = JSON.parse(item) as ThreadExchange;
            return e && typeof e.answerId === 'string' && typeof e.question === 'string' && e.answer ? [e] : [];
          } catch {
            return [];
          }
        });
      } catch (err) {
        logger?.warn({ err: { message: (err as Error).message } }, 'slack thread store: Redis read failed; answering without thread history');
        return [];
      }
    },
    async append(key, exchange) {
      const k = keyOf(key);
      try {
        const results = await client.multi().rpush(k, JSON.stringify(exchange)).ltrim(k, -maxExchanges, -1).pexpire(k, ttlMs).exec();
        const failed = results?.find(([err]) => err);
        if (failed) throw failed[0];
      } catch (err) {
        logger?.warn({ err: { message: (err as Error).message } }, 'slack thread store: Redis write failed; the exchange is not remembered');
      }
    },
  };
}
