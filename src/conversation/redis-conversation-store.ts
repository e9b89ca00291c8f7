import type { HistoryTurn } from '../core/types.js';
import type { ConversationStore, MemoryConversationStore } from './conversation-store.js';

/** The Redis commands this store uses (an ioredis client fits). */
export interface RedisListClient {
  lrange(key: string, start: number, stop: number): Promise<string[]>;
  multi(): RedisListTransaction;
}

/** A MULTI transaction of list commands (chainable, like ioredis'). */
export interface RedisListTransaction {
  rpush(key: string, ...values: string[]): RedisListTransaction;
  ltrim(key: string, start: number, stop: number): RedisListTransaction;
  pexpire(key: string, ms: number): RedisListTransaction;
  exec(): Promise<Array<[Error | null, unknown]> | null>;
}

/** Pino-compatible warning logger. */
export interface StoreLogger {
  warn(obj: object, msg: string): void;
}

export interface RedisConversationStoreSettings {
  client: RedisListClient;
  /** Key prefix (default `dossier:`); keys are `<prefix>conv:<id>`. */
  prefix?: string;
  /** A conversation not touched for this long expires (Redis TTL). */
  ttlMs?: number;
  /** Most turns kept per conversation (the oldest are trimmed). */
  maxTurns?: number;
  logger?: StoreLogger;
  /**
   * Where turns go while Redis cannot be reached (this process's memory). Without it a failed read
   * answers without history and a failed write drops the turns.
   */
  fallback?: MemoryConversationStore;
  /** The Redis circuit breaker: while open, the fallback is used without trying Redis (and the circuit, not this store, logs the outage). */
  circuit?: { readonly isOpen: boolean };
}

function isTurn(value: unknown): value is HistoryTurn {
  const t = value as HistoryTurn;
  return !!t && (t.role === 'user' || t.role === 'assistant') && typeof t.content === 'string';
}

/**
 * A ConversationStore in Redis, so every replica behind a load balancer sees
 * the same conversations. Each conversation is one list of JSON turns,
 * trimmed to `maxTurns` and expiring `ttlMs` after its last append.
 * Redis being down or hung degrades instead of failing the request: with a
 * `fallback`, turns live in this process's memory meanwhile (a conversation
 * that stays on this replica keeps its history) and are moved to Redis with
 * the conversation's next append once it answers; without one, a read
 * answers without history and a write is dropped. A failure is logged once
 * per outage (by the circuit when there is one), not once per request.
 */
export function createRedisConversationStore(settings: RedisConversationStoreSettings): ConversationStore {
  const { client, prefix = 'dossier:', ttlMs = 60 * 60_000, maxTurns = 20, logger, fallback, circuit } = settings;
  const keyOf = (id: string) => `${prefix}conv:${id}`;
  let degraded = false;
  const failedOnce = (err: unknown, msg: string) => {
    if (degraded || circuit) return;
    degraded = true;
    logger?.warn({ err: { message: (err as Error).message } }, msg);
  };
  const readRedis = async (id: string) => {
    const raw = await client.lrange(keyOf(id), -maxTurns, -1);
    const turns: HistoryTurn[] = [];
    for (const item of raw) {
      try {
        const t: unknown = JSON.parse(item);
        if (isTurn(t)) turns.push({ role: t.role, content: t.content });
      } catch {
        // A foreign or damaged entry is skipped, not fatal.
      }
    }
    degraded = false;
    return turns;
  };
  return {
    async get(id) {
      if (circuit?.isOpen && fallback) return fallback.get(id);
      try {
        const turns = await readRedis(id);
        // Turns this process kept while Redis was away are newer than anything in Redis.
        const held = fallback ? await fallback.get(id) : [];
        return held.length ? [...turns, ...held].slice(-maxTurns) : turns;
      } catch (err) {
        failedOnce(err, fallback ? "conversation store: Redis read failed; using this process's memory until it answers" : 'conversation store: Redis read failed; answering without history');
        return fallback ? fallback.get(id) : [];
      }
    },
    async append(id, turns) {
      if (!turns.length) return;
      if (circuit?.isOpen && fallback) return fallback.append(id, turns);
      const key = keyOf(id);
      const held = fallback ? await fallback.get(id) : [];
      const all = [...held, ...turns];
      try {
        const results = await client
          .multi()
          .rpush(key, ...all.map((t) => JSON.stringify({ role: t.role, content: t.content })))
          .ltrim(key, -maxTurns, -1)
          .pexpire(key, ttlMs)
          .exec();
        const failed = results?.find(([err]) => err);
        if (failed) throw failed[0];
        degraded = false;
        if (held.length) fallback?.forget(id);
      } catch (err) {
        failedOnce(err, fallback ? "conversation store: Redis write failed; keeping turns in this process's memory until it answers" : 'conversation store: Redis write failed; this turn is not remembered');
        await fallback?.append(id, turns);
      }
    },
  };
}
