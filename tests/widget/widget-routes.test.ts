import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { bundleSize } from '../../src/widget/build.js';
import { getTestServices } from '../helpers/test-index.js';

const ALLOWED = 'https://think-tank.example';
const OTHER = 'https://evil.example';
const apps: FastifyInstance[] = [];

async function appWith(env: Record<string, string>) {
  const { services } = await getTestServices(env);
  const app = await buildApp({ services });
  apps.push(app);
  return app;
}
afterAll(() => Promise.all(apps.map((a) => a.close())));

const question = { question: 'Since when has the SCO held annual security exercises?' };

describe('GET /widget.js and GET /', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith({});
  });

  // 36 kB: about 15 kB of it is marked's lexer, which parses answers as Markdown (the widget builds the DOM itself).
  it('serves one self-contained script under 36 kB gzipped', async () => {
    const res = await app.inject('/widget.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.body).not.toMatch(/^\s*(import|export)\s/m);
    expect(res.body).toContain('attachShadow');
    expect(res.body).not.toContain('innerHTML');
    expect(bundleSize(res.body).gzip).toBeLessThan(36 * 1024);
    const again = await app.inject({ url: '/widget.js', headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('serves a demo page that embeds the widget open, with example questions', async () => {
    const res = await app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<script src="\/widget.js"[^>]*data-open="true"/);
    expect(res.body.match(/data-examples="([^"]*)"/)?.[1].split('|')).toHaveLength(3);
  });
});

describe('CORS for widget origins', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith({ ALLOWED_ORIGINS: `${ALLOWED}, https://second.example` });
  });

  const preflight = (origin: string) =>
    app.inject({ method: 'OPTIONS', url: '/api/ask', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });

  it('answers a preflight from an allowed origin with CORS headers', async () => {
    const res = await preflight(ALLOWED);
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(String(res.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(res.headers['access-control-allow-headers'])).toContain('content-type');
  });

  it('gives a preflight from another origin no CORS headers', async () => {
    const res = await preflight(OTHER);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('lets an allowed origin ask, and refuses another origin with 403', async () => {
    const ok = await app.inject({ method: 'POST', url: '/api/ask', headers: { origin: ALLOWED }, payload: question });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(ALLOWED);
    const refused = await app.inject({ method: 'POST', url: '/api/ask', headers: { origin: OTHER }, payload: question });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ORIGIN_NOT_ALLOWED');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('always allows same-origin pages and clients without an Origin header', async () => {
    const same = await app.inject({ method: 'POST', url: '/api/ask', headers: { origin: 'http://localhost:80', host: 'localhost:80' }, payload: question });
    expect(same.statusCode).toBe(200);
    const curl = await app.inject({ method: 'POST', url: '/api/ask', payload: question });
    expect(curl.statusCode).toBe(200);
  });

  it('refuses every cross-origin page when ALLOWED_ORIGINS is empty', async () => {
    const closed = await appWith({});
    const res = await closed.inject({ method: 'POST', url: '/api/ask', headers: { origin: ALLOWED }, payload: question });
    expect(res.statusCode).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limit on /api/*', () => {
  it('returns 429 with retry-after after RATE_LIMIT_MAX requests per client, and does not limit the widget script', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_MS: '60000' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'POST', url: '/api/ask', payload: question })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await app.inject({ method: 'POST', url: '/api/ask', payload: question });
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const other = await app.inject({ method: 'POST', url: '/api/ask', payload: question, remoteAddress: '10.0.0.9' });
    expect(other.statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await app.inject('/widget.js')).statusCode).toBe(200);
    expect((await app.inject('/health')).statusCode).toBe(200);
  });

  it('is off when RATE_LIMIT_MAX is 0', async () => {
    const app = await appWith({ RATE_LIMIT_MAX: '0' });
    for (let i = 0; i < 5; i++) expect((await app.inject({ method: 'GET', url: '/api/nothing' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/ask', payload: question })).headers['x-ratelimit-limit']).toBeUndefined();
  });
});

describe('demo page content comes from the index', () => {
  it('title, byline and summary are the document’s own; example questions are generic or configured, and escaped', async () => {
    const { demoContent, renderDemoPage } = await import('../../src/server/demo-page.js');
    const { getTestIndex } = await import('../helpers/test-index.js');
    const { index } = await getTestIndex();
    const content = demoContent(index);
    expect(content.title).toBe(index.manifest.documents[0].metadata?.title);
    expect(content.summary.length).toBeGreaterThan(0);
    for (const s of content.summary) expect(index.chunks.some((c) => c.text.includes(s))).toBe(true);
    expect(content.examples).toHaveLength(3);
    const page = renderDemoPage('<h1>{{title}}</h1><x data-examples="{{examplesAttr}}">', demoContent(index, ['<b>"Why?"</b>', 'a|b']), 1);
    expect(page).toContain('data-examples="&#60;b&#62;&#34;Why?&#34;&#60;/b&#62;|a/b"');
    expect(renderDemoPage('<h1>{{title}}</h1>', demoContent(null), 0)).toBe('<h1>Dossier</h1>');
  });
});
