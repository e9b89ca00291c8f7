import { appendFile, copyFile, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../ingest/build-index.js';
import { loadConfig } from '../../src/config/config.js';
import { createUseEmbedder } from '../../src/embedders/use-embedder.js';
import { createIndexHolder, type IndexHolder } from '../../src/retrieval/index-holder.js';
import { loadIndex } from '../../src/retrieval/load-index.js';
import { buildApp } from '../../src/server/app.js';
import { createServices } from '../../src/server/create-services.js';

const KEY = { 'x-api-key': 'admin-key-123' };
const NEW_FACT = 'The Zarafshan hydrology commission met fourteen times in 2021 to share river gauge data.';
let root: string;
let corpus: string;
let holder: IndexHolder;
let app: FastifyInstance;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dossier-reindex-'));
  corpus = path.join(root, 'mini-report.md');
  await copyFile(path.resolve('tests/fixtures/mini-report.md'), corpus);
  const embedder = createUseEmbedder();
  const indexDir = path.join(root, 'index');
  await buildIndex({ paths: [corpus], indexRoot: indexDir, embedder });
  holder = createIndexHolder(await loadIndex(indexDir, embedder));
  const config = loadConfig({ INDEX_DIR: indexDir, CORPUS: corpus, API_KEYS: KEY['x-api-key'], RATE_LIMIT_MAX: '0', DOCS: 'false' });
  app = await buildApp({ services: createServices({ config, embedder, index: holder }) });
});
afterAll(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

const ask = (question: string) => app.inject({ method: 'POST', url: '/api/ask', headers: KEY, payload: { question } });

async function waitForJob(jobId: string) {
  for (let i = 0; i < 4800; i++) {
    const job = (await app.inject({ url: `/api/admin/reindex/${jobId}`, headers: KEY })).json();
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('reindex job did not finish');
}

describe('POST /api/admin/reindex', () => {
  it('rebuilds in the background and swaps the new index in without failing a request', async () => {
    const before = holder.current!.dir;
    await appendFile(corpus, `\n# RIVER COMMISSION\n\n${NEW_FACT}\n`);
    // Clients keep asking all through the rebuild.
    let running = true;
    const statuses: number[] = [];
    const clients = Array.from({ length: 4 }, async () => {
      while (running && statuses.length < 5000) {
        statuses.push((await ask('How long is the border between the two countries?')).statusCode);
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    const started = await app.inject({ method: 'POST', url: '/api/admin/reindex', headers: KEY });
    expect(started.statusCode).toBe(202);
    const { jobId, statusUrl } = started.json();
    expect(statusUrl).toBe(`/api/admin/reindex/${jobId}`);
    // One at a time.
    const second = await app.inject({ method: 'POST', url: '/api/admin/reindex', headers: KEY });
    expect(second.statusCode).toBe(409);
    const job = await waitForJob(jobId).finally(() => (running = false));
    await Promise.all(clients);
    expect(job).toMatchObject({ status: 'succeeded', kind: 'rebuild' });
    expect(statuses.length).toBeGreaterThan(8);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(holder.current!.dir).not.toBe(before);
    const answer = (await ask('How many times did the Zarafshan hydrology commission meet in 2021?')).json();
    expect(answer.citations.some((c: { quote: string }) => c.quote.includes('fourteen times'))).toBe(true);
    // Measured 51.5 s at load average 20 on the shared 2-core machine: the default 60 s was too tight.
  }, 300_000);

  it('a failed rebuild reports why and leaves the current index serving', async () => {
    const serving = holder.current!.dir;
    await rename(corpus, `${corpus}.moved`);
    try {
      const started = await app.inject({ method: 'POST', url: '/api/admin/reindex', headers: KEY, payload: { rebuild: true } });
      const job = await waitForJob(started.json().jobId);
      expect(job.status).toBe('failed');
      expect(job.error).toBeTruthy();
      expect(holder.current!.dir).toBe(serving);
      const status = (await app.inject({ url: '/api/admin/status', headers: KEY })).json();
      expect(status.lastJob.status).toBe('failed');
      expect((await ask('How many times did the Zarafshan hydrology commission meet in 2021?')).statusCode).toBe(200);
    } finally {
      await rename(`${corpus}.moved`, corpus);
    }
  });

  it('`{"rebuild": false}` reloads the build on disk (for the other replicas) and checks it', async () => {
    const started = await app.inject({ method: 'POST', url: '/api/admin/reindex', headers: KEY, payload: { rebuild: false } });
    expect(started.statusCode).toBe(202);
    const job = await waitForJob(started.json().jobId);
    expect(job).toMatchObject({ status: 'succeeded', kind: 'reload' });
    expect(job.chunks).toBe(holder.current!.manifest.counts.chunks);
  });

  it('refuses without a key, and an unknown job is a 404', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/admin/reindex' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/admin/reindex', headers: { 'x-api-key': 'wrong' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/admin/reindex/nope', headers: KEY })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/admin/reindex', headers: KEY, payload: { rebuild: 'yes' } })).statusCode).toBe(400);
  });
});
