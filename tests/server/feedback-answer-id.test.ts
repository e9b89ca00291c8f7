import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierServices } from '../../src/server/plugins/services.js';
import { buildApp } from '../../src/server/app.js';
import { sendFeedback } from '../../src/widget/widget-api.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { getTestServices } from '../helpers/test-index.js';

const QUESTION = 'Since when has the SCO held annual security exercises?';
let tmp: string;
const running: Array<{ app: FastifyInstance; services: DossierServices }> = [];

/** The app on a real port, with its feedback file. */
async function serve(env: Record<string, string> = {}) {
  const file = path.join(tmp, `feedback-${running.length}.jsonl`);
  const { services } = await getTestServices({ SLACK_FEEDBACK_FILE: file, ...env });
  const app = await buildApp({ services });
  await app.listen({ port: 0, host: '127.0.0.1' });
  running.push({ app, services });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const post = (url: string, body: unknown, accept = 'application/json') => fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) });
  const records = async () => (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  return { base, post, records };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'dossier-answer-id-'));
});
afterAll(async () => {
  for (const { app, services } of running) {
    await app.close();
    await services.close?.();
  }
  await rm(tmp, { recursive: true, force: true });
});

/** The `done` event of an /api/chat stream. */
async function doneEvent(res: Response): Promise<Record<string, any>> {
  const text = await res.text();
  const frame = text.split('\n\n').find((f) => f.startsWith('event: done'));
  expect(frame, text.slice(-500)).toBeDefined();
  return JSON.parse(frame!.split('\n').find((l) => l.startsWith('data: '))!.slice(6));
}

describe('server-issued answer ids for feedback', () => {
  it('/api/ask and the /api/chat done event carry an answerId, a new one per answer', async () => {
    const { post } = await serve();
    const a = await (await post('/api/ask', { question: QUESTION })).json();
    const b = await (await post('/api/ask', { question: QUESTION })).json();
    expect(a.answerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.answerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.answerId).not.toBe(b.answerId);
    const res = await post('/api/chat', { question: QUESTION }, 'text/event-stream');
    expect(res.status).toBe(200);
    const done = await doneEvent(res);
    expect(done.answerId).toMatch(/^[0-9a-f-]{36}$/);
    expect([a.answerId, b.answerId]).not.toContain(done.answerId);
  });

  it('stores the server’s question, answer and citations for a known id, whatever the body says', async () => {
    const { post, records } = await serve();
    const answer = await (await post('/api/ask', { question: QUESTION })).json();
    const res = await post('/api/feedback', {
      answerId: answer.answerId,
      rating: 'not_helpful',
      comment: 'Wrong year?',
      question: 'What did the report say about aliens?',
      answer: 'Aliens run the SCO.',
      mode: 'llm',
      citations: [],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ recorded: true, answerId: answer.answerId });
    const [record] = await records();
    expect(record).toMatchObject({
      surface: 'widget',
      answerId: answer.answerId,
      rating: 'not_helpful',
      comment: 'Wrong year?',
      question: QUESTION,
      answer: answer.answer,
      mode: answer.mode,
      abstained: answer.abstained,
      conversation: `widget:${answer.conversationId}`,
    });
    expect(record.citations.map((c: { chunkId: string }) => c.chunkId)).toEqual(answer.citations.map((c: { chunkId: string }) => c.chunkId));
    expect(record.citations.length).toBeGreaterThan(0);
  });

  it('stores an id it did not issue with the text sent (older widgets), marked issued: false', async () => {
    const { post, records } = await serve();
    const res = await post('/api/feedback', { answerId: 'an-old-widget-id', rating: 'helpful', question: 'q?', answer: 'a' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ recorded: true, answerId: 'an-old-widget-id' });
    const [record] = await records();
    expect(record).toMatchObject({ answerId: 'an-old-widget-id', question: 'q?', answer: 'a', issued: false });
  });

  it('answers 404 for an id it did not issue sent without the text, saying to send the answerId from /api/ask, and stores nothing', async () => {
    const { post, records } = await serve();
    const res = await post('/api/feedback', { answerId: 'a-made-up-id', rating: 'helpful' });
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.code).toBe('ANSWER_NOT_FOUND');
    expect(body.message).toMatch(/send the answerId from the \/api\/ask response/);
    await expect(records()).rejects.toThrow();
  });

  it('keeps taking bodies without an answerId (question and answer as sent), and says what is missing otherwise', async () => {
    const { post, records } = await serve();
    const ok = await post('/api/feedback', { rating: 'helpful', question: 'When was the SCO founded?', answer: 'In 2001.' });
    expect(ok.status).toBe(200);
    const { answerId } = await ok.json();
    expect(answerId).toBeTypeOf('string');
    expect((await records())[0]).toMatchObject({ answerId, question: 'When was the SCO founded?', answer: 'In 2001.' });
    const missing = await post('/api/feedback', { rating: 'helpful', question: 'When was the SCO founded?' });
    expect(missing.status).toBe(400);
    expect((await missing.json()).message).toMatch(/Missing required field "answer".*answerId/);
  });

  it('the widget’s sendFeedback sends the id and the answer’s text: a forgotten id is stored with the text as sent', async () => {
    const { base, post, records } = await serve();
    const answer = await (await post('/api/ask', { question: QUESTION })).json();
    await sendFeedback(base, { answerId: answer.answerId, rating: 'helpful', question: QUESTION, answer: answer.answer });
    // As after a restart: an id this server never issued.
    await sendFeedback(base, { answerId: 'from-before-a-restart', rating: 'not_helpful', question: 'An older question?', answer: 'An older answer.' });
    const [known, fallback] = await records();
    expect(known).toMatchObject({ answerId: answer.answerId, rating: 'helpful', question: QUESTION, issued: true });
    expect(fallback).toMatchObject({ answerId: 'from-before-a-restart', rating: 'not_helpful', question: 'An older question?', answer: 'An older answer.', issued: false });
    await expect(sendFeedback(base, { answerId: 'unknown-and-no-text', rating: 'helpful' })).rejects.toThrow(/send the answerId from the \/api\/ask response/);
  });

  describe('with Redis', () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(() => redis?.stop());

    it('an answer given by one replica can be rated on another', async () => {
      const first = await serve({ REDIS_URL: redis.url });
      const second = await serve({ REDIS_URL: redis.url });
      const answer = await (await first.post('/api/ask', { question: QUESTION })).json();
      const res = await second.post('/api/feedback', { answerId: answer.answerId, rating: 'helpful' });
      expect(res.status).toBe(200);
      expect((await second.records())[0]).toMatchObject({ answerId: answer.answerId, question: QUESTION, answer: answer.answer });
    });
  });
});
