import { promptTemplate } from '../core/prompts.js';
import type { Answer, Chunk } from '../core/types.js';
import type { ChatMessage, ChatModel } from '../llm/chat-model.js';
import { answerParts, type AnswerPart, type StreamingAnswerer } from './answer-stream.js';
import type { AnswerInput, Answerer } from './answerer.js';
import { checkCitations, createCitationChecker, type CheckedAnswer } from './citation-check.js';
import { questionIntent } from './question-intent.js';
import { smallTalkAnswer } from './shaped-answers.js';

/** Where the answerer reports why it fell back (pino's and Fastify's loggers fit). */
export interface WarnLogger {
  warn(obj: object, msg: string): void;
}

export interface LlmAnswererSettings {
  model: ChatModel;
  /** Answers when the model fails (timeout, 5xx, refused connection, malformed reply); marked `degraded`. */
  fallback: Answerer;
  /** Retrieved chunks given to the model, numbered [1]..[n]. */
  maxSources?: number;
  maxSentences?: number;
  /** Ask the model once more when its first answer has unsupported claims or invalid citations (not when streaming). */
  regenerate?: boolean;
  logger?: WarnLogger;
  promptsDir?: string;
}

/** The sentence the model is told to use when the sources do not answer; also how its abstentions are recognised. */
export const ABSTAIN_SENTENCE = 'The report does not appear to cover this question.';

/**
 * Lets a chat model write the answer from numbered retrieved chunks, then
 * checks it: citations of chunks that were not given are removed, numbers
 * and dates must occur in the cited chunk, and each citation quotes its chunk
 * verbatim. Any model failure falls back to the extractive answer.
 */
export function createLlmAnswerer(settings: LlmAnswererSettings): StreamingAnswerer {
  const { model, fallback, maxSources = 8, maxSentences = 4, regenerate = true, promptsDir } = settings;
  const logger = settings.logger ?? { warn: () => {} };
  const system = promptTemplate('answer', promptsDir);
  const revise = promptTemplate('answer-revise', promptsDir);

  const messagesFor = (question: string, sources: Chunk[]): ChatMessage[] => [
    {
      role: 'system',
      content: system.render({
        sources: sources.map(formatSource).join('\n\n'),
        sourceCount: sources.length,
        maxSentences,
        abstainSentence: ABSTAIN_SENTENCE,
      }),
    },
    { role: 'user', content: question },
  ];

  const degrade = async (input: AnswerInput, err: unknown, signal?: AbortSignal): Promise<Answer> => {
    logger.warn({ reason: (err as Error).message, model: model.id }, 'LLM answer failed; answering extractively');
    return { ...(await fallback.answer(input, { signal })), degraded: true };
  };

  return {
    id: `llm:${model.id}`,
    async answer(input, options = {}) {
      const small = smallTalkOf(input);
      if (small) return small;
      const sources = input.retrieval.chunks.slice(0, maxSources).map((r) => r.chunk);
      if (!sources.length) return fallback.answer(input, options);
      const messages = messagesFor(input.question, sources);
      try {
        const reply = await model.generate(messages, options);
        let checked = checkCitations(reply, sources);
        if (regenerate && needsRevision(checked)) {
          const problems = describeProblems(checked, sources.length);
          try {
            const second = await model.generate(
              [...messages, { role: 'assistant', content: reply }, { role: 'user', content: revise.render({ problems, abstainSentence: ABSTAIN_SENTENCE }) }],
              options,
            );
            const recheck = checkCitations(second, sources);
            if (problemCount(recheck) < problemCount(checked)) checked = recheck;
          } catch (err) {
            if (options.signal?.aborted) throw err;
            logger.warn({ reason: (err as Error).message, model: model.id }, 'LLM revision failed; keeping the first answer');
          }
        }
        return toAnswer(checked);
      } catch (err) {
        if (options.signal?.aborted) throw err;
        return degrade(input, err, options.signal);
      }
    },
    async *stream(input, options = {}): AsyncIterable<AnswerPart> {
      const small = smallTalkOf(input);
      const sources = input.retrieval.chunks.slice(0, maxSources).map((r) => r.chunk);
      if (small || !sources.length) {
        if (small) return yield* answerParts(small);
        yield* answerParts(await fallback.answer(input, options));
        return;
      }
      const checker = createCitationChecker(sources);
      let started = false;
      try {
        for await (const piece of model.stream(messagesFor(input.question, sources), options)) {
          const text = checker.push(piece);
          if (!text) continue;
          if (!started) yield { type: 'start', mode: 'llm' };
          started = true;
          yield { type: 'delta', text };
        }
        const { text, result } = checker.finish();
        if (!started && !result.answer.trim()) throw new Error('the model sent an empty reply');
        if (!started) yield { type: 'start', mode: 'llm' };
        started = true;
        if (text) yield { type: 'delta', text };
        yield { type: 'end', answer: toAnswer(result) };
      } catch (err) {
        if (options.signal?.aborted) throw err;
        if (!started) {
          yield* answerParts(await degrade(input, err, options.signal));
          return;
        }
        // Text already reached the client: finish what was said and mark it.
        logger.warn({ reason: (err as Error).message, model: model.id }, 'LLM stream broke off; ending the partial answer');
        const { text, result } = checker.finish();
        if (text) yield { type: 'delta', text };
        yield { type: 'end', answer: { ...toAnswer(result), degraded: true, verified: false } };
      }
    },
  };
}

/** Small talk ("hi", "thanks") gets a short friendly reply without asking the model. */
function smallTalkOf(input: AnswerInput): Answer | undefined {
  const intent = questionIntent(input.question);
  return intent.kind === 'smalltalk' ? smallTalkAnswer(intent.act, input.retrieval.index) : undefined;
}

function formatSource(chunk: Chunk, i: number): string {
  const where = [chunk.section.join(' › '), chunk.page ? `page ${chunk.page}` : '', chunk.kind === 'prose' ? '' : chunk.kind].filter(Boolean).join(', ');
  return `[${i + 1}] (${where})\n${chunk.text}`;
}

function isAbstention(checked: CheckedAnswer): boolean {
  return checked.citations.length === 0 && checked.answer.toLowerCase().includes(ABSTAIN_SENTENCE.toLowerCase().slice(0, -1));
}

function needsRevision(checked: CheckedAnswer): boolean {
  return !isAbstention(checked) && problemCount(checked) > 0;
}

function problemCount(checked: CheckedAnswer): number {
  return checked.unsupported.length + checked.removed.length + (checked.citations.length === 0 && !isAbstention(checked) ? 1 : 0);
}

function describeProblems(checked: CheckedAnswer, sourceCount: number): string {
  const lines = checked.unsupported.map((s) => `- "${s}" (a number or date in it is not in the cited source)`);
  for (const n of new Set(checked.removed)) lines.push(`- [${n}] cites a source that does not exist (only 1 to ${sourceCount} were given)`);
  if (checked.citations.length === 0) lines.push('- the answer cites no source');
  return lines.join('\n');
}

function toAnswer(checked: CheckedAnswer): Answer {
  const abstained = isAbstention(checked);
  return {
    answer: checked.answer,
    abstained,
    citations: checked.citations,
    mode: 'llm',
    verified: abstained || (checked.unsupported.length === 0 && checked.citations.length > 0),
  };
}
