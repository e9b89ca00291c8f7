import type { Answer, AnswerMode } from '../core/types.js';
import type { AnswerInput, Answerer } from './answerer.js';

/** Pieces of an answer as it is produced: its mode once known, text deltas, then the complete answer. */
export type AnswerPart =
  | { type: 'start'; mode: AnswerMode }
  | { type: 'delta'; text: string }
  /** The complete answer; its `answer` text equals the concatenated deltas. */
  | { type: 'end'; answer: Answer };

/** An answerer that can also produce its answer incrementally (e.g. while a model writes it). */
export interface StreamingAnswerer extends Answerer {
  stream(input: AnswerInput, options?: { signal?: AbortSignal }): AsyncIterable<AnswerPart>;
}

function isStreaming(answerer: Answerer): answerer is StreamingAnswerer {
  return typeof (answerer as Partial<StreamingAnswerer>).stream === 'function';
}

/** Split a finished answer into word groups, so answers that are not generated token by token stream too. */
export function textDeltas(text: string, wordsPerDelta = 6): string[] {
  const words = text.match(/\s*\S+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerDelta) out.push(words.slice(i, i + wordsPerDelta).join(''));
  const rest = text.slice(out.join('').length);
  if (rest) out.push(rest);
  return out;
}

/** Replay a finished answer as parts (start, word-group deltas, end). */
export function* answerParts(answer: Answer): Iterable<AnswerPart> {
  yield { type: 'start', mode: answer.mode };
  for (const text of textDeltas(answer.answer)) yield { type: 'delta', text };
  yield { type: 'end', answer };
}

/** Stream any answerer: its own stream when it has one, otherwise its finished answer in word groups. */
export async function* streamAnswer(answerer: Answerer, input: AnswerInput, options: { signal?: AbortSignal } = {}): AsyncIterable<AnswerPart> {
  if (isStreaming(answerer)) {
    yield* answerer.stream(input, options);
    return;
  }
  yield* answerParts(await answerer.answer(input, options));
}
