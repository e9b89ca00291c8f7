import type { AskRequest, AskResponse, AskService } from '../../../src/ask/ask-service.js';
import type { Answer } from '../../../src/core/types.js';

/** A cited answer with two sources, in the shape the real answerer produces. */
export const CITED_ANSWER: Answer = {
  answer: 'China frames the threat as the **three evils** of terrorism, separatism and extremism [1]. Cooperation runs through the SCO [2].',
  abstained: false,
  mode: 'extractive',
  citations: [
    { n: 1, chunkId: 'report#prose-12', source: 'report.md', section: 'Introduction › Threat perception', page: 4, kind: 'prose', quote: 'the “three evils” of terrorism, separatism and extremism' },
    { n: 2, chunkId: 'report#prose-40', source: 'report.md', section: 'Multilateral cooperation', page: 9, kind: 'prose', quote: 'the Shanghai Cooperation Organisation' },
  ],
};

/**
 * An AskService that records its calls and answers with `respond` (default:
 * CITED_ANSWER). `hold()` makes every call wait until the returned release
 * function is called, to observe what happens while an answer is slow.
 */
export function createAskDouble(respond: (request: AskRequest) => Answer | Promise<Answer> = () => CITED_ANSWER) {
  const calls: AskRequest[] = [];
  let gate: Promise<void> = Promise.resolve();
  let settled = 0;
  const service: AskService & { calls: AskRequest[]; hold(): () => void; readonly settled: number } = {
    calls,
    get settled() {
      return settled;
    },
    hold() {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return release;
    },
    async ask(request): Promise<AskResponse> {
      calls.push(structuredClone(request));
      try {
        await gate;
        const answer = await respond(request);
        return { ...answer, conversationId: request.conversationId ?? 'c', timings: { embedMs: 0, vectorMs: 0, lexicalMs: 0, fuseMs: 0, answerMs: 0, totalMs: 0 } };
      } finally {
        settled++;
      }
    },
    /** The same answer as `ask`, in the stream format (the bot does not stream, but the interface has it). */
    async *stream(request) {
      const r = await service.ask(request);
      yield { type: 'meta', conversationId: r.conversationId, standaloneQuestion: request.question, mode: r.mode };
      yield { type: 'delta', text: r.answer };
      yield { type: 'citations', citations: r.citations };
      yield { type: 'done', answer: r.answer, abstained: r.abstained, mode: r.mode, timings: { ...r.timings } };
    },
  };
  return service;
}
