import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { getTestServices } from '../helpers/test-index.js';

const QUESTION = { question: 'Since when has the SCO held annual security exercises?' };
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function appWith(env: Record<string, string>) {
  const { services } = await getTestServices(env);
  app = await buildApp({ services });
  return app;
}

const ask = (headers: Record<string, string> = {}) => app!.inject({ method: 'POST', url: '/api/ask', headers, payload: QUESTION });

describe('API keys', () => {
  const env = { API_KEYS: 'key-one, key-two', ALLOWED_ORIGINS: 'https://partner.example', RATE_LIMIT_MAX: '0' };

  it('/api/* needs a valid key (x-api-key or Bearer); the message says how to send one', async () => {
    await appWith(env);
    const none = await ask();
    expect(none.statusCode).toBe(401);
    expect(none.json().message).toMatch(/x-api-key/);
    const wrong = await ask({ 'x-api-key': 'key-three' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toMatch(/not valid/);
    expect((await ask({ 'x-api-key': 'key-one' })).statusCode).toBe(200);
    expect((await ask({ authorization: 'Bearer key-two' })).statusCode).toBe(200);
    expect((await ask({ authorization: 'Basic key-two' })).statusCode).toBe(401);
    // /api/chat too, before any streaming starts.
    expect((await app!.inject({ method: 'POST', url: '/api/chat', payload: QUESTION })).statusCode).toBe(401);
  });

  it('widget pages (allowed origin or same origin) need no key; other origins are still refused', async () => {
    await appWith(env);
    expect((await ask({ origin: 'https://partner.example' })).statusCode).toBe(200);
    expect((await ask({ origin: 'http://localhost:80', host: 'localhost' })).statusCode).toBe(200);
    expect((await ask({ origin: 'https://evil.example' })).statusCode).toBe(403);
  });

  it('health, the demo page and the widget script stay open; /metrics and admin need a key whatever the Origin', async () => {
    await appWith(env);
    for (const url of ['/health', '/', '/widget.js']) expect((await app!.inject({ url })).statusCode, url).toBe(200);
    expect((await app!.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await app!.inject({ url: '/metrics', headers: { 'x-api-key': 'key-two' } })).statusCode).toBe(200);
    expect((await app!.inject({ url: '/api/admin/status', headers: { origin: 'https://partner.example' } })).statusCode).toBe(401);
    const status = await app!.inject({ url: '/api/admin/status', headers: { 'x-api-key': 'key-one' } });
    expect(status.statusCode).toBe(200);
    expect(status.json().index.chunks).toBeGreaterThan(100);
  });

  it('without API_KEYS the API is open and the admin routes do not exist', async () => {
    await appWith({ RATE_LIMIT_MAX: '0' });
    expect((await ask()).statusCode).toBe(200);
    expect((await app!.inject({ url: '/api/admin/status', headers: { 'x-api-key': 'anything' } })).statusCode).toBe(404);
    expect((await app!.inject({ method: 'POST', url: '/api/admin/reindex', headers: { 'x-api-key': 'anything' } })).statusCode).toBe(404);
    expect((await app!.inject({ url: '/metrics' })).statusCode).toBe(200);
  });

  it('the rate limit counts each API key separately from the client IP', async () => {
    await appWith({ ...env, RATE_LIMIT_MAX: '2' });
    const one = { 'x-api-key': 'key-one' };
    expect([(await ask(one)).statusCode, (await ask(one)).statusCode, (await ask(one)).statusCode]).toEqual([200, 200, 429]);
    // Same IP, other key: its own budget.
    expect((await ask({ 'x-api-key': 'key-two' })).statusCode).toBe(200);
    // Same IP, no key (widget origin): the IP's budget, untouched by the keys.
    expect((await ask({ origin: 'https://partner.example' })).statusCode).toBe(200);
    const limited = await ask(one);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('security headers', () => {
  it('HTML pages get CSP and friends; the widget script stays embeddable cross-origin; JSON is left alone', async () => {
    await appWith({ DOCS: 'true' });
    const page = await app!.inject({ url: '/' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'self'/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['referrer-policy']).toBeDefined();
    const docs = await app!.inject({ url: '/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-security-policy']).toBeDefined();
    const widget = await app!.inject({ url: '/widget.js' });
    expect(widget.headers['cross-origin-resource-policy']).toBeUndefined();
    expect(widget.headers['content-security-policy']).toBeUndefined();
    const api = await ask();
    expect(api.headers['content-security-policy']).toBeUndefined();
    expect(api.headers['x-request-id']).toBeDefined();
  });

  it('echoes a plain caller request id and replaces an unsafe one', async () => {
    await appWith({});
    expect((await app!.inject({ url: '/health', headers: { 'x-request-id': 'trace-123.abc' } })).headers['x-request-id']).toBe('trace-123.abc');
    const replaced = (await app!.inject({ url: '/health', headers: { 'x-request-id': 'a b<script>' } })).headers['x-request-id'];
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
  });
});
