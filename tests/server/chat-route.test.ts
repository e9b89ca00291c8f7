import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../src/core/stream.js';
import { buildApp } from '../../src/server/app.js';
import { createServices } from '../../src/server/create-services.js';
import { getTestServices } from '../helpers/test-index.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../llm/helpers/openai-stand-in.js';

const QUESTION = 'What are the three evils?';
const apps: FastifyInstance[] = [];
let standIn: OpenAIStandIn;

/** A listening app over the real test index, with config overrides. */
async function startApp(env: Record<string, string> = {}, warnings: object[] = []): Promise<string> {
  const { config, embedder, holder } = await getTestServices(env);
  const services = createServices({ config, embedder, index: holder, logger: { warn: (obj) => warnings.push(obj) } });
  const app = await buildApp({ services });
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

const llmEnv = (extra: Record<string, string> = {}) => ({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: standIn.url, CHAT_MODEL: 'stand-in', ...extra });

/** Read a whole SSE response with a real HTTP client and parse its frames. */
async function chat(base: string, body: unknown): Promise<{ res: Response; events: StreamEvent[]; names: string[] }> {
  const res = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify(body) });
  const text = await res.text();
  const frames = text.split('\n\n').filter((f) => f.trim() && !f.startsWith(':'));
  const names: string[] = [];
  const events = frames.map((frame) => {
    const event = /^event: (.+)$/m.exec(frame)![1];
    names.push(event);
    const data = JSON.parse(/^data: (.+)$/m.exec(frame)![1]) as StreamEvent;
    expect(data.type).toBe(event);
    return data;
  });
  return { res, events, names };
}

/** The events' order as one string, e.g. "meta delta+ citations done". */
function shape(names: string[]): string {
  return names.join(' ').replace(/(delta ?)+/g, 'delta+ ').trim();
}

beforeAll(async () => {
  standIn = await startOpenAIStandIn();
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await standIn.close();
});

describe('POST /api/chat (offline)', () => {
  let base: string;
  beforeAll(async () => {
    base = await startApp();
  });

  it('streams meta → delta+ → citations → done with SSE headers; deltas join to the answer', async () => {
    const { res, events, names } = await chat(base, { question: QUESTION });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toMatch(/no-cache/);
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(shape(names)).toBe('meta delta+ citations done');
    expect(names.filter((n) => n === 'delta').length).toBeGreaterThan(1);
    const meta = events[0] as Extract<StreamEvent, { type: 'meta' }>;
    expect(meta).toMatchObject({ mode: 'extractive', standaloneQuestion: QUESTION, conversationId: expect.any(String) });
    const done = events.at(-1) as Extract<StreamEvent, { type: 'done' }>;
    const deltas = events.filter((e): e is Extract<StreamEvent, { type: 'delta' }> => e.type === 'delta').map((e) => e.text);
    expect(deltas.join('')).toBe(done.answer);
    expect(done.answer).toMatch(/separatism, terrorism, and religious extremism/);
    expect(done.timings.totalMs).toBeGreaterThan(0);
    const citations = events.find((e) => e.type === 'citations') as Extract<StreamEvent, { type: 'citations' }>;
    for (const c of citations.citations) expect(done.answer).toContain(`[${c.n}]`);
  });

  it('keeps the conversation: a follow-up streams its standalone question in meta', async () => {
    const first = await chat(base, { question: 'Where was the August 2019 China–Tajikistan exercise held?' });
    const conversationId = (first.events[0] as Extract<StreamEvent, { type: 'meta' }>).conversationId;
    const second = await chat(base, { question: 'How many personnel took part?', conversationId });
    const meta = second.events[0] as Extract<StreamEvent, { type: 'meta' }>;
    expect(meta.conversationId).toBe(conversationId);
    expect(meta.standaloneQuestion).toContain('Tajikistan');
    expect((second.events.at(-1) as Extract<StreamEvent, { type: 'done' }>).answer).toMatch(/1,?200/);
  });

  it('a bad body is a 400 JSON response, not a stream', async () => {
    for (const body of [{}, { question: '   ' }, { question: 'x', extra: 1 }]) {
      const res = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect((await res.json()).message).toBeTypeOf('string');
    }
  });
});

/** The first call after `before` that asks for an answer (the table engine's tool call comes first). */
const answerCall = (before: number) => standIn.calls.slice(before).find((c) => !c.body.tools)!;

describe('LLM mode against an OpenAI-compatible stand-in', () => {
  /** Replies with the first sentence of source [1], citing [1] and a source that was never given (e.g. [7] when 5 were). */
  const citeFirstSourceAndOneTooMany = () => {
    standIn.behave = (call) => {
      // The table engine offers its structured query as a tool first; this is not a table question.
      if (call.body.tools) return { kind: 'reply', text: 'Not a table question.' };
      const system = call.body.messages[0].content;
      const given = system.match(/\n\[\d+\] \(/g)!.length;
      const first = /\n\[1\] \([^)]*\)\n([^\n]+)/.exec(system)![1];
      const sentence = first.split(/(?<=[.!?])\s+/)[0].replace(/[.!?]$/, '');
      return { kind: 'reply', text: `${sentence} [1][${given + 2}]. That is all the report says [1].`, chunk: 7 };
    };
  };

  it('streams the model answer: mode llm, the citation of a chunk never given removed, quotes verbatim from the given chunks', async () => {
    citeFirstSourceAndOneTooMany();
    const base = await startApp(llmEnv({ TOP_K: '5' }));
    const before = standIn.calls.length;
    const { events, names } = await chat(base, { question: QUESTION });
    const call = answerCall(before);
    const given = call.body.messages[0].content.match(/\n\[\d+\] \(/g)!.length;
    expect(shape(names)).toBe('meta delta+ citations done');
    expect(events[0]).toMatchObject({ type: 'meta', mode: 'llm' });
    expect(call.body.stream).toBe(true);
    expect(call.body.messages.at(-1)!.content).toBe(QUESTION);
    expect(given).toBeGreaterThanOrEqual(5);
    const done = events.at(-1) as Extract<StreamEvent, { type: 'done' }>;
    expect(done.mode).toBe('llm');
    expect(done.answer).not.toContain(`[${given + 2}]`);
    expect(done.answer).toContain('[1]');
    const { citations } = events.find((e) => e.type === 'citations') as Extract<StreamEvent, { type: 'citations' }>;
    expect(citations.map((c) => c.n)).toEqual([1]);
    expect(call.body.messages[0].content).toContain(citations[0].quote);
  });

  it('/api/ask in LLM mode returns the checked answer as JSON', async () => {
    citeFirstSourceAndOneTooMany();
    const base = await startApp(llmEnv({ TOP_K: '5' }));
    const res = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTION }) });
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.mode).toBe('llm');
    expect(body.answer).not.toMatch(/\[(?!1\])\d+\]/);
    expect(body.citations.every((c: { n: number }) => body.answer.includes(`[${c.n}]`))).toBe(true);
  });

  it('condenses a follow-up with the condense prompt before retrieval', async () => {
    const base = await startApp(llmEnv());
    standIn.behave = (call) =>
      call.body.messages[0].content.includes('Standalone question:')
        ? { kind: 'reply', text: 'How many personnel took part in the August 2019 China–Tajikistan exercise?' }
        : { kind: 'reply', text: 'The report does not appear to cover this question.' };
    const first = await chat(base, { question: 'Where was the August 2019 China–Tajikistan exercise held?' });
    const conversationId = (first.events[0] as Extract<StreamEvent, { type: 'meta' }>).conversationId;
    const before = standIn.calls.length;
    const second = await chat(base, { question: 'How many personnel took part?', conversationId });
    expect(second.events[0]).toMatchObject({ standaloneQuestion: 'How many personnel took part in the August 2019 China–Tajikistan exercise?' });
    const condense = standIn.calls.slice(before).find((c) => c.body.messages[0].content.includes('Standalone question:'))!;
    expect(condense.body.messages[0].content).toContain('User: Where was the August 2019 China–Tajikistan exercise held?');
    expect(condense.body.messages[0].content).toContain('Latest message: How many personnel took part?');
  });

  it.each([
    ['HTTP 500', { kind: 'fail', status: 500 } as const, {}],
    ['a timeout', { kind: 'stall' } as const, { LLM_TIMEOUT_MS: '300' }],
  ])('falls back to the extractive answer on %s: degraded, logged, never a 500', async (_label, behaviour, env) => {
    standIn.behave = () => behaviour;
    const warnings: object[] = [];
    const base = await startApp(llmEnv(env), warnings);
    const res = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTION }) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ mode: 'extractive', degraded: true, abstained: false });
    expect(body.answer).toMatch(/three evils/);
    const { events, names } = await chat(base, { question: QUESTION });
    expect(shape(names)).toBe('meta delta+ citations done');
    expect(events[0]).toMatchObject({ mode: 'extractive' });
    expect(events.at(-1)).toMatchObject({ type: 'done', degraded: true });
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect(warnings[0]).toMatchObject({ reason: expect.stringMatching(behaviour.kind === 'fail' ? /500/ : /timed out/) });
  });

  it('a client that disconnects aborts the model call: the stand-in sees its connection closed', async () => {
    standIn.behave = () => ({ kind: 'stall', text: 'The three evils are' });
    const base = await startApp(llmEnv({ LLM_TIMEOUT_MS: '20000' }));
    const before = standIn.calls.length;
    const controller = new AbortController();
    const res = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTION }), signal: controller.signal });
    expect(res.status).toBe(200);
    const started = Date.now();
    while (standIn.calls.length === before && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    const call = standIn.calls[before];
    expect(call).toBeDefined();
    expect(call.closedEarly).toBe(false);
    controller.abort();
    const closed = await standIn.waitForEarlyClose(call, 5000);
    expect(closed).toBe(call);
  });
});
