import { z } from 'zod';
import type { AnswerRecord, AnswerRecordStore } from './answer-records.js';

/** The Redis commands this store uses (an ioredis client fits). */
export interface RedisStringClient {
  set(key: string, value: string, px: 'PX', ms: number): Promise<unknown>;
  get(key: string): Promise<string | null>;
}

export interface RedisAnswerRecordStoreSettings {
  client: RedisStringClient;
  /** Key prefix (default `dossier:`); keys are `<prefix>answer:<answerId>`. */
  prefix?: string;
  /** How long an answer is remembered (Redis TTL). */
  ttlMs?: number;
  /** Used while Redis cannot be reached (this process's memory); without it a failed write or read throws. */
  fallback?: AnswerRecordStore;
  /** The Redis circuit breaker: while open, the fallback is used without trying Redis. */
  circuit?: { readonly isOpen: boolean };
}

const recordSchema = z.object({
  answerId: z.string(),
  question: z.string(),
  answer: z.string(),
  abstained: z.boolean(),
  mode: z.enum(['extractive', 'llm', 'table', 'smalltalk']),
  conversationId: z.string(),
  citations: z.array(z.object({ n: z.number(), chunkId: z.string(), section: z.string(), page: z.number().nullable(), quote: z.string() })),
  at: z.string(),
});

/**
 * Issued answers in Redis, so feedback sent to any replica finds the answer
 * another replica gave. One JSON string per answer, expiring `ttlMs` after it
 * was issued. While Redis is down or hung, records go to and come from the
 * fallback (this process's memory), like the conversation store's.
 */
export function createRedisAnswerRecordStore({ client, prefix = 'dossier:', ttlMs = 24 * 60 * 60_000, fallback, circuit }: RedisAnswerRecordStoreSettings): AnswerRecordStore {
  const keyOf = (id: string) => `${prefix}answer:${id}`;
  return {
    async put(record) {
      if (circuit?.isOpen && fallback) return fallback.put(record);
      try {
        await client.set(keyOf(record.answerId), JSON.stringify(record), 'PX', Math.max(1, Math.round(ttlMs)));
      } catch (err) {
        if (!fallback) throw err;
        await fallback.put(record);
      }
    },
    async get(answerId) {
      if (circuit?.isOpen && fallback) return fallback.get(answerId);
      let raw: string | null;
      try {
        raw = await client.get(keyOf(answerId));
      } catch (err) {
        if (!fallback) throw err;
        return fallback.get(answerId);
      }
      // Written while Redis was away, it may be in this process only.
      if (raw === null) return fallback ? fallback.get(answerId) : null;
      let parsed;
      try {
        parsed = recordSchema.safeParse(JSON.parse(raw));
      } catch {
        return null;
      }
      return parsed.success ? (parsed.data as AnswerRecord) : null;
    },
  };
}
