import type { HistoryTurn } from '../core/types.js';

/**
 * Keeps each conversation's turns on the server. Async so a shared store
 * (e.g. Redis) can implement it; the in-memory one is the default.
 */
export interface ConversationStore {
  /** The conversation's turns, oldest first ([] for an unknown or expired id). */
  get(id: string): Promise<HistoryTurn[]>;
  /** Add turns at the end of the conversation (creating it when new). */
  append(id: string, turns: HistoryTurn[]): Promise<void>;
}

export interface MemoryConversationStoreSettings {
  /** Most conversations kept; the least recently used is dropped first. */
  maxConversations?: number;
  /** A conversation not touched for this long is forgotten. */
  ttlMs?: number;
  /** Most turns kept per conversation (the oldest are dropped). */
  maxTurns?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** The in-process store; `forget` lets a shared store take back turns it held while Redis was away. */
export interface MemoryConversationStore extends ConversationStore {
  forget(id: string): void;
}

/** An in-process ConversationStore bounded by count, age and turns per conversation. */
export function createMemoryConversationStore(settings: MemoryConversationStoreSettings = {}): MemoryConversationStore {
  const { maxConversations = 1000, ttlMs = 60 * 60_000, maxTurns = 20, now = Date.now } = settings;
  // Map iteration order is insertion order: re-inserting on use keeps it least-recently-used first.
  const conversations = new Map<string, { turns: HistoryTurn[]; touched: number }>();

  const live = (id: string) => {
    const entry = conversations.get(id);
    if (!entry) return undefined;
    if (now() - entry.touched > ttlMs) {
      conversations.delete(id);
      return undefined;
    }
    return entry;
  };
  const evict = () => {
    const cutoff = now() - ttlMs;
    for (const [id, entry] of conversations) {
      if (conversations.size <= maxConversations && entry.touched >= cutoff) break;
      if (conversations.size > maxConversations || entry.touched < cutoff) conversations.delete(id);
    }
  };

  return {
    async get(id) {
      return live(id)?.turns.map((t) => ({ ...t })) ?? [];
    },
    async append(id, turns) {
      const entry = live(id) ?? { turns: [], touched: 0 };
      conversations.delete(id);
      entry.turns = [...entry.turns, ...turns.map((t) => ({ role: t.role, content: t.content }))].slice(-maxTurns);
      entry.touched = now();
      conversations.set(id, entry);
      evict();
    },
    forget(id) {
      conversations.delete(id);
    },
  };
}
