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
  /** Where exchanges go while Redis cannot be reached (this process's memory). */
  fallback?: ThreadStore;
  /** The Redis circuit breaker: while open, the fallback is used without trying Redis (and the circuit logs the outage). */
  circuit?: { readonly isOpen: boolean };
}

/**
 * A ThreadStore in Redis, so a follow-up in a Slack thread is answered with
 * its history whichever replica receives it. While Redis is down or hung,
 * exchanges are kept in the `fallback` (this process's memory) and read back
 * from it with the thread; without one a failed read returns no history and a
 * failed write is dropped (the answer is still posted). Failures are logged
 * once per outage (by the circuit when there is one).
 */
export function createRedisThreadStore(settings: RedisThreadStoreSettings): ThreadStore {
  const { client, prefix = 'dossier:', maxExchanges = 20, ttlMs = 24 * 60 * 60 * 1000, logger, fallback, circuit } = settings;
  const keyOf = (key: string) => `${prefix}slack:thread:${key}`;
  let degraded = false;
  const failedOnce = (err: unknown, msg: string) => {
    if (degraded || circuit) return;
    degraded = true;
    logger?.warn({ err: { message: (err as Error).message } }, msg);
  };
  const withHeld = async (key: string, exchanges: ThreadExchange[]) => {
    const held = fallback ? await fallback.get(key) : [];
    return held.length ? [...exchanges, ...held].slice(-maxExchanges) : exchanges;
  };
  return {
    async get(key) {
      if (circuit?.isOpen && fallback) return fallback.get(key);
      try {
        const raw = await client.lrange(keyOf(key), -maxExchanges, -1);
        degraded = false;
        return withHeld(key, raw.flatMap((item) => {
          try {
            const e = JSON.parse(item) as ThreadExchange;
            return e && typeof e.answerId === 'string' && typeof e.question === 'string' && e.answer ? [e] : [];
          } catch {
            return [];
          }
        }));
      } catch (err) {
        failedOnce(err, 'slack thread store: Redis read failed; answering without thread history');
        return fallback ? fallback.get(key) : [];
      }
    },
    async append(key, exchange) {
      if (circuit?.isOpen && fallback) return fallback.append(key, exchange);
      const k = keyOf(key);
      try {
        const results = await client.multi().rpush(k, JSON.stringify(exchange)).ltrim(k, -maxExchanges, -1).pexpire(k, ttlMs).exec();
        const failed = results?.find(([err]) => err);
        if (failed) throw failed[0];
        degraded = false;
      } catch (err) {
        failedOnce(err, 'slack thread store: Redis write failed; the exchange is kept in this process only');
        await fallback?.append(key, exchange);
      }
    },
  };
}
