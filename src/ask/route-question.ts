import type { Answer, Chunk } from '../core/types.js';

/**
 * A query engine the ask service routes questions to, beside the text answerer (the way
 * LlamaIndex.TS's RouterQueryEngine selects among peer engines). `select` says how well the
 * engine reads the question (null: it cannot answer it); the best reading answers.
 */
export interface QueryEngine {
  readonly id: string;
  select(question: string): { score: number } | null;
  /** Answer a question `select` accepted; null when the answer turns out not to be one (e.g. a lookup that finds nothing). */
  answer(question: string, options?: { signal?: AbortSignal }): Answer | null | Promise<Answer | null>;
  /**
   * Optional second step, after retrieval: answer from the retrieved passages together with the
   * engine's own data (the table engine looks up the row of an event a passage identifies), or null.
   */
  fromEvidence?(question: string, passages: readonly Chunk[]): Answer | null;
}

/** The first engine's answer built on the retrieved passages (a two-step lookup), or null. */
export function answerFromEvidence(engines: readonly QueryEngine[], question: string, passages: readonly Chunk[]): Answer | null {
  for (const engine of engines) {
    const answer = engine.fromEvidence?.(question, passages) ?? null;
    if (answer) return answer;
  }
  return null;
}

/** The answer of the engine that reads the question best, or null so retrieval and the text answerer answer. */
export async function routeQuestion(engines: readonly QueryEngine[], question: string, options: { signal?: AbortSignal } = {}): Promise<Answer | null> {
  const ranked = engines
    .map((engine) => ({ engine, selection: engine.select(question) }))
    .filter((e): e is { engine: QueryEngine; selection: { score: number } } => e.selection !== null)
    .sort((a, b) => b.selection.score - a.selection.score);
  for (const { engine } of ranked) {
    const answer = await engine.answer(question, options);
    if (answer) return answer;
  }
  return null;
}
