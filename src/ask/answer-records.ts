import type { AnswerMode, Citation } from '../core/types.js';

/**
 * What the server remembers of an answer it issued an `answerId` for, so
 * feedback naming that id is stored with the server's own question, answer and
 * citations (a client cannot put words in the answer's mouth).
 */
export interface AnswerRecord {
  answerId: string;
  /** The question as asked (before any follow-up rewriting). */
  question: string;
  answer: string;
  abstained: boolean;
  mode: AnswerMode;
  conversationId: string;
  citations: Array<Pick<Citation, 'n' | 'chunkId' | 'section' | 'page' | 'quote'>>;
  /** ISO time the answer was given. */
  at: string;
}

/** Issued answers, bounded in count and age. Async so a shared store (Redis) can implement it. */
export interface AnswerRecordStore {
  put(record: AnswerRecord): Promise<void>;
  /** The record, or null for an id never issued, evicted or expired. */
  get(answerId: string): Promise<AnswerRecord | null>;
}

export interface MemoryAnswerRecordStoreSettings {
  /** Most answers remembered; the least recently issued or read is dropped first. */
  maxEntries?: number;
  /** An answer older than this is forgotten. */
  ttlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** The in-process store (the default; per replica, lost on restart). */
export function createMemoryAnswerRecordStore(settings: MemoryAnswerRecordStoreSettings = {}): AnswerRecordStore {
  const { maxEntries = 2000, ttlMs = 24 * 60 * 60_000, now = Date.now } = settings;
  // Map iteration order is insertion order: re-inserting on use keeps it least-recently-used first.
  const records = new Map<string, { record: AnswerRecord; at: number }>();
  return {
    async put(record) {
      records.delete(record.answerId);
      records.set(record.answerId, { record: structuredClone(record), at: now() });
      for (const id of records.keys()) {
        if (records.size <= maxEntries) break;
        records.delete(id);
      }
    },
    async get(answerId) {
      const entry = records.get(answerId);
      if (!entry) return null;
      if (now() - entry.at > ttlMs) {
        records.delete(answerId);
        return null;
      }
      records.delete(answerId);
      records.set(answerId, entry);
      return structuredClone(entry.record);
    },
  };
}
