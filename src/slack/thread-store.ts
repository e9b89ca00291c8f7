import type { Answer, HistoryTurn } from '../core/types.js';

/** One question and the answer the bot gave in a Slack thread. */
export interface ThreadExchange {
  /** Id carried by the answer's buttons, so feedback finds its question and answer. */
  answerId: string;
  question: string;
  answer: Answer;
  /** When it was answered (ms since the epoch). */
  at: number;
}

/**
 * The turns of each Slack conversation, keyed by `channel:thread_ts`. Kept by
 * the bot instead of read back with `conversations.replies`, which would need
 * another scope and an API call per follow-up. A Redis store will implement the
 * same interface.
 */
export interface ThreadStore {
  /** The thread's exchanges, oldest first; empty when unknown or expired. */
  get(key: string): Promise<ThreadExchange[]>;
  append(key: string, exchange: ThreadExchange): Promise<void>;
}

export interface MemoryThreadStoreSettings {
  /** Most threads kept; the least recently used are dropped first. */
  maxThreads?: number;
  /** Most exchanges kept per thread (the oldest are dropped). */
  maxExchanges?: number;
  /** A thread idle for longer than this is forgotten. */
  ttlMs?: number;
  now?: () => number;
}

/** In-process thread store, bounded by thread count, exchanges per thread and age. */
export function createMemoryThreadStore(settings: MemoryThreadStoreSettings = {}): ThreadStore {
  const maxThreads = settings.maxThreads ?? 2000;
  const maxExchanges = settings.maxExchanges ?? 20;
  const ttlMs = settings.ttlMs ?? 24 * 60 * 60 * 1000;
  const now = settings.now ?? Date.now;
  const threads = new Map<string, { exchanges: ThreadExchange[]; touched: number }>();
  return {
    async get(key) {
      const thread = threads.get(key);
      if (!thread) return [];
      if (now() - thread.touched > ttlMs) {
        threads.delete(key);
        return [];
      }
      return [...thread.exchanges];
    },
    async append(key, exchange) {
      const t = now();
      const thread = threads.get(key);
      const exchanges = thread && t - thread.touched <= ttlMs ? thread.exchanges : [];
      exchanges.push(exchange);
      threads.delete(key);
      threads.set(key, { exchanges: exchanges.slice(-maxExchanges), touched: t });
      for (const [k, v] of threads) {
        if (threads.size <= maxThreads && t - v.touched <= ttlMs) break;
        threads.delete(k);
      }
    },
  };
}

/** A thread's exchanges as the `history` AskService takes, newest `maxExchanges` only. */
export function historyOf(exchanges: ThreadExchange[], maxExchanges: number): HistoryTurn[] {
  return exchanges.slice(-maxExchanges).flatMap((e) => [
    { role: 'user' as const, content: e.question },
    { role: 'assistant' as const, content: e.answer.answer },
  ]);
}
