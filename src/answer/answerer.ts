import type { Answer } from '../core/types.js';
import type { RetrievalResult } from '../retrieval/hybrid-retriever.js';

export interface AnswerInput {
  /** The standalone question (after any follow-up rewriting). */
  question: string;
  retrieval: RetrievalResult;
  /**
   * What the conversation's previous answer said, for a follow-up: the user has read it, so a
   * sentence it already quoted is the last choice for the next answer ("What did they buy?").
   */
  previousAnswer?: string;
}

/** Turns retrieved evidence into a short, cited answer (or an abstention). */
export interface Answerer {
  readonly id: string;
  answer(input: AnswerInput, options?: { signal?: AbortSignal }): Promise<Answer>;
}
