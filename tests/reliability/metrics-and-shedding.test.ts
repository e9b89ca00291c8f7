import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { AskService } from '../../src/ask/ask-service.js';
import { loadConfig } from '../../src/config/config.js';
import { OverloadedError } from '../../src/core/errors.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { buildApp } from '../../src/server/app.js';
import { createAskLimiter } from '../../src/server/plugins/load-shedding.js';
import { freePort } from '../helpers/processes.js';
import { getTestServices } from '../helpers/test-index.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

/** Value of one sample line in Prometheus text (name plus an exact label set), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ? m[2].split(/,(?=[a-z_]+=")/) : [];
    if (have.length === want.length && want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

describe('/metrics', () => {
  it('counts requests by route and status, answers by mode and outcome, and reports the queue', async () => {
    const { services } = await getTestServices({ RATE_LIMIT_MAX: '0' });
    const app = await buildApp({ services });
    apps.push(app);
    const other = await buildApp({ services });
    apps.push(other);
    for (const question of ['How long is the border that Xinjiang shares with Kazakhstan, Kyrgyzstan and Tajikistan?', 'Since when has the SCO held annual security exercises?']) {
      expect((await app.inject({ method: 'POST', url: '/api/ask', payload: { question } })).statusCode).toBe(200);
    }
    const abstained = (await app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'What is the recipe for sourdough bread?' } })).json();
    expect(abstained.abstained).toBe(true);
    expect((await app.inject({ method: 'POST', url: '/api/chat', payload: { question: 'Since when has the SCO held annual security exercises?' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/ask', payload: { nope: 1 } })).statusCode).toBe(400);
    await app.inject({ url: '/no/such/page' });

    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(sample(text, 'dossier_http_requests_total', { method: 'POST', route: '/api/ask', status_code: '200' })).toBe(3);
    expect(sample(text, 'dossier_http_requests_total', { method: 'POST', route: '/api/ask', status_code: '400' })).toBe(1);
    expect(sample(text, 'dossier_http_requests_total', { method: 'POST', route: '/api/chat', status_code: '200' })).toBe(1);
    expect(sample(text, 'dossier_http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(sample(text, 'dossier_http_request_duration_seconds_count', { method: 'POST', route: '/api/ask', status_code: '200' })).toBe(3);
    expect(sample(text, 'dossier_answers_total', { api: 'ask', mode: 'extractive', outcome: 'abstained' })).toBe(1);
    const answeredAsk = (sample(text, 'dossier_answers_total', { api: 'ask', mode: 'extractive', outcome: 'answered' }) ?? 0) + (sample(text, 'dossier_answers_total', { api: 'ask', mode: 'table', outcome: 'answered' }) ?? 0);
    expect(answeredAsk).toBe(2);
    expect(sample(text, 'dossier_answer_duration_seconds_count', { api: 'stream', mode: 'extractive' })).toBe(1);
    expect(sample(text, 'dossier_abstention_ratio')).toBeCloseTo(1 / 4, 5);
    expect(sample(text, 'dossier_ask_queue_depth')).toBe(0);
    expect(sample(text, 'dossier_asks_in_flight')).toBe(0);
    expect(sample(text, 'dossier_process_resident_memory_bytes')).toBeGreaterThan(0);
    // Each app has its own registry.
    expect(sample((await other.inject({ url: '/metrics' })).body, 'dossier_http_requests_total', { method: 'POST', route: '/api/ask', status_code: '200' })).toBeUndefined();
  });

  it('counts LLM fallbacks (the LLM is down, the answer is extractive and marked degraded, never a 5xx)', async () => {
    const { services } = await getTestServices({ RATE_LIMIT_MAX: '0', LLM_PROVIDER: 'openai', OPENAI_BASE_URL: `http://127.0.0.1:${await freePort()}/v1`, LLM_TIMEOUT_MS: '2000' });
    const app = await buildApp({ services });
    apps.push(app);
    const res = await app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'Since when has the SCO held annual security exercises?' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().degraded).toBe(true);
    expect(sample((await app.inject({ url: '/metrics' })).body, 'dossier_llm_fallbacks_total', { api: 'ask' })).toBe(1);
  });

  it('is off with METRICS=false', async () => {
    const { services } = await getTestServices({ METRICS: 'false' });
    const app = await buildApp({ services });
    apps.push(app);
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(404);
  });
});

describe('ask limiter', () => {
  it('admits up to the cap, queues FIFO up to the bound, sheds beyond with a Retry-After', async () => {
    const limiter = createAskLimiter({ maxConcurrent: 2, maxQueued: 2, maxWaitMs: 10_000 });
    const shed: string[] = [];
    limiter.onShed = (reason) => shed.push(reason);
    const r1 = await limiter.acquire();
    await limiter.acquire();
    const order: number[] = [];
    const q3 = limiter.acquire().then((release) => (order.push(3), release));
    const q4 = limiter.acquire().then((release) => (order.push(4), release));
    expect([limiter.inFlight, limiter.queued]).toEqual([2, 2]);
    const refused = await limiter.acquire().catch((e) => e);
    expect(refused).toBeInstanceOf(OverloadedError);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(shed).toEqual(['queue_full']);
    r1();
    r1(); // releasing twice frees one slot only
    const release3 = await q3;
    expect(order).toEqual([3]);
    expect([limiter.inFlight, limiter.queued]).toEqual([2, 1]);
    release3();
    (await q4)();
    expect(order).toEqual([3, 4]);
  });

  it('sheds a waiter after maxWaitMs and drops one whose client left', async () => {
    const limiter = createAskLimiter({ maxConcurrent: 1, maxQueued: 5, maxWaitMs: 100 });
    await limiter.acquire();
    const timedOut = await limiter.acquire().catch((e) => e);
    expect(timedOut).toBeInstanceOf(OverloadedError);
    const controller = new AbortController();
    const left = limiter.acquire(controller.signal).catch((e) => e);
    expect(limiter.queued).toBe(1);
    controller.abort(new Error('gone'));
    expect((await left).message).toBe('gone');
    expect(limiter.queued).toBe(0);
  });

  it('over HTTP: a full server answers 503 + Retry-After on /api/ask and /api/chat, and serves again once free', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const answer = { answer: 'ok', abstained: false, citations: [], mode: 'extractive' as const };
    const timings = { embedMs: 0, vectorMs: 0, lexicalMs: 0, fuseMs: 0, answerMs: 0, totalMs: 0 };
    const ask: AskService = {
      async ask() {
        await gate;
        return { ...answer, conversationId: 'c', timings };
      },
      async *stream() {
        await gate;
        yield { type: 'done', ...answer, timings };
      },
    };
    const config = loadConfig({ MAX_CONCURRENT_ASKS: '1', MAX_QUEUED_ASKS: '1', RATE_LIMIT_MAX: '0', DOCS: 'false' });
    const app = await buildApp({ services: { config, ask, index: createIndexHolder() } });
    apps.push(app);
    const body = { question: 'q' };
    const first = app.inject({ method: 'POST', url: '/api/ask', payload: body });
    const second = app.inject({ method: 'POST', url: '/api/chat', payload: body });
    await new Promise((r) => setTimeout(r, 50));
    expect([app.askLimiter.inFlight, app.askLimiter.queued]).toEqual([1, 1]);
    for (const url of ['/api/ask', '/api/chat']) {
      const shed = await app.inject({ method: 'POST', url, payload: body });
      expect(shed.statusCode).toBe(503);
      expect(shed.headers['content-type']).toMatch(/json/);
      expect(Number(shed.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(shed.json().code).toBe('OVERLOADED');
    }
    release();
    expect((await first).statusCode).toBe(200);
    expect((await second).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/ask', payload: body })).statusCode).toBe(200);
    expect([app.askLimiter.inFlight, app.askLimiter.queued]).toEqual([0, 0]);
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(sample(metrics, 'dossier_asks_shed_total', { reason: 'queue_full' })).toBe(2);
  });
});
