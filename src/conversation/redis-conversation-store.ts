import type { HistoryTurn } from '../core/types.js';
import type { ConversationStore } from './conversation-store.js';

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
}

function isTurn(value: unknown): value is HistoryTurn {
  const t = value as HistoryTurn;
  return !!t && (t.role === 'user' || t.role === 'assistant') && typeof t.content === 'string';
}

/**
 * A ConversationStore in Redis, so every replica behind a load balancer sees
 * the same conversations. Each conversation is one list of JSON turns,
 * trimmed to `maxTurns` and expiring `ttlMs` after its last append.
 * Redis being down degrades instead of failing the request: `get` logs and
 * returns no history (the question is answered on its own), `append` logs
 * and drops the turns.
 */
export function createRedisConversationStore(settings: RedisConversationStoreSettings): ConversationStore {
  const { client, prefix = 'dossier:', ttlMs = 60 * 60_000, maxTurns = 20, logger } = settings;
  const keyOf = (id: string) => `${prefix}conv:${id}`;
  return {
    async get(id) {
      try {
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
        return turns;
      } catch (err) {
        logger?.warn({ err: { message: (err as Error).message } }, 'conversation store: Redis read failed; answering without history');
        return [];
      }
    },
    async append(id, turns) {
      if (!turns.length) return;
      const key = keyOf(id);
      try {
        const results = await client
          .multi()
          .rpush(key, ...turns.map((t) => JSON.stringify({ role: t.role, content: t.content })))
          .ltrim(key, -maxTurns, -1)
          .pexpire(key, ttlMs)
          .exec();
        const failed = results?.find(([err]) => err);
        if (failed) throw failed[0];
      } catch (err) {
        logger?.warn({ err: { message: (err as Error).message } }, 'conversation store: Redis write failed; this turn is not remembered');
      }
    },
  };
}
