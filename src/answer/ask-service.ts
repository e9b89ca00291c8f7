import { randomUUID } from 'node:crypto';
import type { Answer, HistoryTurn } from '../core/types.js';
import type { Retriever } from '../retrieval/hybrid-retriever.js';
import type { Answerer } from './answerer.js';

export interface AskRequest {
  question: string;
  history?: HistoryTurn[];
  conversationId?: string;
  /** Include the retrieved chunks in the response (for evaluation). */
  debug?: boolean;
}

export interface AskTimings {
  embedMs: number;
  vectorMs: number;
  lexicalMs: number;
  fuseMs: number;
  answerMs: number;
  totalMs: number;
}

/** The `/api/ask` response body (a stable contract: extend, never rename). */
export interface AskResponse extends Answer {
  conversationId: string;
  timings: AskTimings;
  retrieved?: Array<{ chunkId: string; score: number; section: string; page: number | null; kind: string; text: string }>;
}

/** Answers one question end to end: retrieve → answer. */
export interface AskService {
  ask(request: AskRequest, options?: { signal?: AbortSignal }): Promise<AskResponse>;
}

export interface AskServiceSettings {
  retriever: Retriever;
  answerer: Answerer;
}

export function createAskService({ retriever, answerer }: AskServiceSettings): AskService {
  return {
    async ask(request, options = {}) {
      const t0 = performance.now();
      const question = request.question.trim();
      const retrieval = await retriever.retrieve(question, { signal: options.signal });
      const t1 = performance.now();
      const answer = await answerer.answer({ question, retrieval }, { signal: options.signal });
      const t2 = performance.now();
      const response: AskResponse = {
        ...answer,
        conversationId: request.conversationId ?? randomUUID(),
        timings: { ...retrieval.timings, answerMs: t2 - t1, totalMs: t2 - t0 },
      };
      if (request.debug) {
        response.retrieved = retrieval.chunks.map((r) => ({
          chunkId: r.chunk.id,
          score: r.score,
          section: r.chunk.section.join(' › '),
          page: r.chunk.page,
          kind: r.chunk.kind,
          text: r.chunk.text,
        }));
      }
      return response;
    },
  };
}
