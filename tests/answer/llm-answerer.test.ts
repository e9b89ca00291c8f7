import { describe, expect, it } from 'vitest';
import type { AnswerPart } from '../../src/answer/answer-stream.js';
import type { Answerer } from '../../src/answer/answerer.js';
import { createLlmAnswerer } from '../../src/answer/llm-answerer.js';
import { ProviderError } from '../../src/core/errors.js';
import type { ChatMessage, ChatModel } from '../../src/llm/chat-model.js';
import { retrievalOf, SOURCES } from './helpers.js';

/** A ChatModel double: replies from a list (an Error entry is thrown) and records every call. */
function modelDouble(replies: Array<string | Error>) {
  const calls: ChatMessage[][] = [];
  const next = () => {
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (reply instanceof Error) throw reply;
    return reply;
  };
  const model: ChatModel & { calls: ChatMessage[][] } = {
    id: 'double',
    calls,
    async generate(messages) {
      calls.push(messages);
      return next();
    },
    async *stream(messages) {
      calls.push(messages);
      const reply = next();
      for (let i = 0; i < reply.length; i += 4) yield reply.slice(i, i + 4);
    },
  };
  return model;
}

function fallbackDouble() {
  const calls: string[] = [];
  const answerer: Answerer & { calls: string[] } = {
    id: 'extractive-double',
    calls,
    async answer({ question }) {
      calls.push(question);
      return { answer: 'Some 1,200 personnel took part [1]', abstained: false, citations: [], mode: 'extractive' };
    },
  };
  return answerer;
}

const input = { question: 'How many personnel took part in the August 2019 exercise?', retrieval: retrievalOf(SOURCES) };
const silent = { warn: () => {} };

async function parts(stream: AsyncIterable<AnswerPart>): Promise<AnswerPart[]> {
  const out: AnswerPart[] = [];
  for await (const p of stream) out.push(p);
  return out;
}

describe('createLlmAnswerer', () => {
  it('numbers the chunks in the prompt and returns a checked, verified answer with verbatim quotes', async () => {
    const model = modelDouble(['Some 1,200 personnel took part, 580 of them Chinese [1].']);
    const answer = await createLlmAnswerer({ model, fallback: fallbackDouble(), logger: silent }).answer(input);
    expect(model.calls).toHaveLength(1);
    const system = model.calls[0][0].content;
    expect(system).toContain('[5] (Bilateral Security Activities, page 12)');
    expect(system).toContain(SOURCES[4].text);
    expect(model.calls[0][1]).toEqual({ role: 'user', content: input.question });
    expect(answer).toMatchObject({ mode: 'llm', abstained: false, verified: true });
    expect(answer.citations).toHaveLength(1);
    expect(SOURCES[0].text).toContain(answer.citations[0].quote);
  });

  it('regenerates once when a claim is unsupported, keeping the better answer', async () => {
    const model = modelDouble(['Some 1,500 personnel took part [1][7].', 'Some 1,200 personnel took part [1].']);
    const answer = await createLlmAnswerer({ model, fallback: fallbackDouble(), logger: silent }).answer(input);
    expect(model.calls).toHaveLength(2);
    expect(model.calls[1].at(-1)!.content).toContain('1,500');
    expect(model.calls[1].at(-1)!.content).toContain('[7] cites a source that does not exist');
    expect(answer.answer).toBe('Some 1,200 personnel took part [1].');
    expect(answer.verified).toBe(true);
  });

  it('flags the answer verified: false when the second try is no better', async () => {
    const model = modelDouble(['Some 1,500 personnel took part [1].']);
    const answer = await createLlmAnswerer({ model, fallback: fallbackDouble(), logger: silent }).answer(input);
    expect(model.calls).toHaveLength(2);
    expect(answer.verified).toBe(false);
    expect(answer.mode).toBe('llm');
  });

  it('recognises the abstention sentence', async () => {
    const model = modelDouble(['The report does not appear to cover this question.']);
    const answer = await createLlmAnswerer({ model, fallback: fallbackDouble(), logger: silent }).answer(input);
    expect(answer).toMatchObject({ abstained: true, citations: [], verified: true });
    expect(model.calls).toHaveLength(1);
  });

  it('falls back to the extractive answer, degraded, with the reason logged', async () => {
    const warnings: object[] = [];
    const fallback = fallbackDouble();
    const model = modelDouble([new ProviderError('HTTP 500')]);
    const answer = await createLlmAnswerer({ model, fallback, logger: { warn: (obj) => warnings.push(obj) } }).answer(input);
    expect(answer).toMatchObject({ mode: 'extractive', degraded: true });
    expect(fallback.calls).toEqual([input.question]);
    expect(warnings).toEqual([expect.objectContaining({ reason: 'HTTP 500' })]);
  });

  it('streams checked sentences: start(llm), deltas joined equal the final answer, invalid citations gone', async () => {
    const model = modelDouble(['The exercise was held in Badakhshan [1]. Some 1,200 personnel took part [7][1]. It ended.']);
    const out = await parts(createLlmAnswerer({ model, fallback: fallbackDouble(), logger: silent }).stream(input));
    expect(out[0]).toEqual({ type: 'start', mode: 'llm' });
    const end = out.at(-1)!;
    if (end.type !== 'end') throw new Error('last part must be end');
    const deltas = out.filter((p) => p.type === 'delta').map((p) => (p as { text: string }).text);
    expect(deltas.length).toBeGreaterThanOrEqual(2);
    expect(deltas.join('')).toBe(end.answer.answer);
    expect(end.answer.answer).not.toContain('[7]');
    expect(end.answer.verified).toBe(true);
  });

  it('a stream that fails before any text falls back to the extractive answer as parts', async () => {
    const model = modelDouble([new ProviderError('refused')]);
    const out = await parts(createLlmAnswerer({ model, fallback: fallbackDouble(), logger: silent }).stream(input));
    expect(out[0]).toEqual({ type: 'start', mode: 'extractive' });
    const end = out.at(-1)!;
    expect(end.type === 'end' && end.answer.degraded).toBe(true);
  });

  it('a stream that breaks off after text was sent ends that partial answer, degraded and unverified', async () => {
    const model: ChatModel = {
      id: 'breaks',
      generate: async () => '',
      async *stream() {
        yield 'The exercise was held in Badakhshan [1]. Some 1,200 ';
        throw new ProviderError('malformed stream chunk');
      },
    };
    const fallback = fallbackDouble();
    const out = await parts(createLlmAnswerer({ model, fallback, logger: silent }).stream(input));
    expect(out[0]).toEqual({ type: 'start', mode: 'llm' });
    const end = out.at(-1)!;
    if (end.type !== 'end') throw new Error('last part must be end');
    expect(end.answer).toMatchObject({ mode: 'llm', degraded: true, verified: false });
    expect(out.filter((p) => p.type === 'delta').map((p) => (p as { text: string }).text).join('')).toBe(end.answer.answer);
    expect(fallback.calls).toEqual([]);
  });

  it('does not fall back when the caller aborted: the abort propagates', async () => {
    const controller = new AbortController();
    controller.abort();
    const fallback = fallbackDouble();
    const model = modelDouble([new Error('aborted')]);
    await expect(createLlmAnswerer({ model, fallback, logger: silent }).answer(input, { signal: controller.signal })).rejects.toThrow('aborted');
    expect(fallback.calls).toEqual([]);
  });
});
