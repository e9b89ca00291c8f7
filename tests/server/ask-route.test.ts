import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { getTestServices } from '../helpers/test-index.js';
import { askOk } from '../helpers/ask-app.js';

let app: FastifyInstance;

beforeAll(async () => {
  const { services } = await getTestServices();
  app = await buildApp({ services });
});
afterAll(() => app.close());

const ask = (question: string) => askOk(app, question);

describe('POST /api/ask', () => {
  it.each([
    ['How long is the border that Xinjiang shares with Kazakhstan, Kyrgyzstan and Tajikistan?', /3,000/],
    ['Since when has the SCO held annual security exercises?', /2010/],
    ['Where did China and Tajikistan hold their bilateral exercise in August 2019?', /Badakhshan/],
    ['How many expert groups did the SCO set up to coordinate law enforcement agencies?', /five/i],
    // "take place" is not in the row ("Location: …"): slot words count little toward the match.
    ['Where did the 2016 SCO exercise take place?', /Korla|Issyk-Kul/],
  ])('answers %s with a citation whose quote contains the answer', async (question, expected) => {
    const body = await ask(question);
    expect(body.abstained).toBe(false);
    expect(body.mode).toBeTypeOf('string');
    expect(body.citations.length).toBeGreaterThan(0);
    expect(body.citations.some((c: { quote: string }) => expected.test(c.quote))).toBe(true);
    for (const c of body.citations) {
      expect(body.answer).toContain(`[${c.n}]`);
      expect(c).toMatchObject({ chunkId: expect.any(String), source: expect.any(String), section: expect.any(String), kind: expect.any(String) });
    }
    expect(body.conversationId).toBeTypeOf('string');
    expect(body.timings.totalMs).toBeTypeOf('number');
  });

  it('quotes are verbatim text of the cited chunks', async () => {
    const { index } = await getTestServices();
    const body = await ask('What did Chinese officials ask Central Asian states about the East Turkestan Movement?');
    const byId = new Map(index.chunks.map((c) => [c.id, c]));
    for (const c of body.citations) expect(byId.get(c.chunkId)!.text).toContain(c.quote);
  });

  it.each(['What is a good recipe for chocolate cake?', 'Who won the 2018 FIFA World Cup final?', 'How do I reset the password on my iPhone?'])(
    'abstains on the off-topic question %s',
    async (question) => {
      const body = await ask(question);
      expect(body.abstained).toBe(true);
      expect(body.citations).toEqual([]);
    },
  );

  it.each([
    // The report covers the topic, but not the detail asked: the year, or the thing counted.
    'How many Kyrgyz officers studied at Chinese military schools in 2021?',
    'How many Chinese private security companies work in Kazakhstan?',
    'How many Chinese engineers died in Tajikistan in 2010?',
  ])('abstains when the report covers the topic but not the detail: %s', async (question) => {
    const body = await ask(question);
    expect(body.abstained).toBe(true);
    expect(body.citations).toEqual([]);
  });

  it('still answers the same kind of question when the report has the detail (a count of people named "personnel")', async () => {
    const body = await ask('How many troops took part in the 2007 SCO exercise?');
    expect(body.abstained).toBe(false);
    expect(body.citations.some((c: { quote: string }) => /4000/.test(c.quote))).toBe(true);
  });

  it.each([
    ['missing question', {}, /question/],
    ['empty question', { question: '   ' }, /empty/],
    ['wrong type', { question: 42 }, /string/],
    ['oversized question', { question: 'x'.repeat(5000) }, /too long/],
    ['unknown field', { question: 'hi', foo: 1 }, /Unknown field "foo"/],
    ['bad history', { question: 'hi', history: [{ role: 'robot', content: 'x' }] }, /role/],
    ['not an object', [1, 2], /JSON object/],
  ])('returns 400 for a %s', async (_name, payload, message) => {
    const res = await app.inject({ method: 'POST', url: '/api/ask', payload: payload as object });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
  });

  it('returns 400 for malformed JSON and for a non-JSON body', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/ask', headers: { 'content-type': 'application/json' }, payload: '{"question": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/not valid JSON/);
    const text = await app.inject({ method: 'POST', url: '/api/ask', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(400);
    expect(text.json().message).toMatch(/JSON object/);
    const form = await app.inject({ method: 'POST', url: '/api/ask', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'question=hi' });
    expect(form.statusCode).toBe(415);
  });

  it('reports readiness', async () => {
    expect((await app.inject('/health')).statusCode).toBe(200);
    const ready = await app.inject('/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().ready).toBe(true);
  });
});

describe('POST /api/ask: a CPU budget per request', () => {
  const bomb = 'a?'.repeat(10_000);

  it('refuses a history over the total-characters cap with a 400 that names the cap', async () => {
    const history = Array.from({ length: 12 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: bomb }));
    const res = await app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'And how many of them?', history } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/"history" is too long: 240000 characters in all, at most 40000/);
  });

  it('refuses more turns than MAX_HISTORY_TURNS with a 400 that names the cap', async () => {
    const history = Array.from({ length: 41 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: 'hi' }));
    const res = await app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'And then?', history } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/history.*at most 40/);
  });

  it('answers a hostile history within the caps (the rewriter reads only recent user turns)', async () => {
    const history = Array.from({ length: 20 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: 'a?'.repeat(1000) }));
    const res = await app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'And how many of them?', history } });
    expect(res.statusCode).toBe(200);
    expect(res.json().standaloneQuestion.length).toBeLessThan(2100);
  });
});
