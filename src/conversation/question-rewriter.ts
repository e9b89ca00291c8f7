import type { HistoryTurn } from '../core/types.js';

/**
 * Turns the latest message of a conversation into a standalone question
 * before retrieval. A self-contained question comes back unchanged.
 */
export interface QuestionRewriter {
  readonly id: string;
  rewrite(question: string, history: HistoryTurn[], options?: { signal?: AbortSignal }): Promise<string>;
}
