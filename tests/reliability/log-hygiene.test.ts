import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { AskService } from '../../src/ask/ask-service.js';
import { loadConfig } from '../../src/config/config.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { buildApp } from '../../src/server/app.js';
import { createIndexStatus } from '../../src/server/index-status.js';
import { createAskDouble } from '../slack/helpers/ask-double.js';

type Line = { level: number; msg: string; err?: unknown; count?: number };
const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function start(ask: AskService, env: Record<string, string>, indexStatus = createIndexStatus()) {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  const config = loadConfig({ DOCS: 'false', RATE_LIMIT_MAX: '0', ...env });
  // A loaded index is not needed by the ask double; the holder only has to say whether one serves.
  const index = createIndexHolder();
  if (env.SERVING) Object.defineProperty(index, 'current', { get: () => ({}) });
  const app = await buildApp({ services: { config, ask, index, indexStatus }, logger: { level: 'info', stream } });
  apps.push(app);
  return { app, lines };
}

describe('log hygiene', () => {
  it('a flood of shed requests writes one line, then one count per interval', async () => {
    const ask = createAskDouble();
    const release = ask.hold();
    const { app, lines } = await start(ask, { MAX_CONCURRENT_ASKS: '1', MAX_QUEUED_ASKS: '0', SERVING: '1' });
    const held = app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'held?' } });
    while (ask.calls.length < 1) await new Promise((r) => setTimeout(r, 5));
    const shed = await Promise.all(Array.from({ length: 200 }, () => app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'shed?' } })));
    expect(shed.every((r) => r.statusCode === 503 && r.headers['retry-after'])).toBe(true);
    release();
    await held;
    await app.close();
    const shedLines = lines.filter((l) => /shed/.test(l.msg));
    expect(shedLines).toHaveLength(2);
    expect(shedLines[1].count).toBe(199);
    expect(shedLines.some((l) => l.err)).toBe(false);
  });

  it('not-ready 503s are a warning without a stack trace, counted, and say the index failed and what to run', async () => {
    const status = createIndexStatus();
    status.failed('The index in index/build-1 is corrupt or truncated (chunks.json). Run `npm run ingest` to rebuild the index.', 3, new Date(Date.now() + 60_000));
    const { app, lines } = await start(createAskDouble(), {}, status);
    const responses = await Promise.all(Array.from({ length: 20 }, () => app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'anyone there?' } })));
    expect(responses.every((r) => r.statusCode === 503)).toBe(true);
    expect(responses[0].json().message).toMatch(/failed to load: .*corrupt.*npm run ingest/);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'failed', attempts: 3 });
    await app.close();
    const refused = lines.filter((l) => /not ready/.test(l.msg));
    expect(refused).toHaveLength(2);
    expect(refused.every((l) => l.level === 40 && !l.err)).toBe(true);
    expect(refused[1].count).toBe(19);
    expect(lines.some((l) => l.level >= 50)).toBe(false);
  });

  it('"loading" only while loading: a building index says so, with no failure reason', async () => {
    const status = createIndexStatus();
    status.loading(true);
    const { app } = await start(createAskDouble(), {}, status);
    const ready = (await app.inject({ url: '/health/ready' })).json();
    expect(ready).toMatchObject({ status: 'loading', building: true });
    expect((await app.inject({ method: 'POST', url: '/api/ask', payload: { question: 'q?' } })).json().message).toMatch(/being built/);
  });

  it('a client that leaves before its answer is one info line, not an error with a stack', async () => {
    const leaving: AskService = {
      ask: (_request, options) => new Promise((_resolve, reject) => options?.signal?.addEventListener('abort', () => reject(options.signal!.reason), { once: true })),
      async *stream() {},
    };
    const { app, lines } = await start(leaving, { SERVING: '1' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const controller = new AbortController();
    const request = fetch(`http://127.0.0.1:${port}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'q?' }), signal: controller.signal });
    while (!lines.some((l) => l.msg === 'incoming request')) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(request).rejects.toThrow();
    while (!lines.some((l) => /client disconnected/.test(l.msg))) await new Promise((r) => setTimeout(r, 5));
    const line = lines.find((l) => /client disconnected/.test(l.msg))!;
    expect(line.level).toBe(30);
    expect(line.err).toBeUndefined();
    expect(lines.some((l) => l.level >= 50)).toBe(false);
  });
});
