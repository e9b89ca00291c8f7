import { appendFile, copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../ingest/build-index.js';
import { loadConfig } from '../../src/config/config.js';
import { createUseEmbedder } from '../../src/embedders/use-embedder.js';
import { CURRENT_POINTER } from '../../src/retrieval/index-format.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { loadIndex } from '../../src/retrieval/load-index.js';
import { buildApp } from '../../src/server/app.js';
import { createServices } from '../../src/server/create-services.js';
import { freePort, startServerProcess } from '../helpers/processes.js';
import { mountSmallDisk, type SmallDisk } from './tmpfs.js';

const KEY = { 'x-api-key': 'admin-key-123' };
const embedder = createUseEmbedder();
let disk: SmallDisk | null;
let root: string;
let corpus: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dossier-index-faults-'));
  corpus = path.join(root, 'mini-report.md');
  await copyFile(path.resolve('tests/fixtures/mini-report.md'), corpus);
  disk = await mountSmallDisk(16 * 1024);
  if (!disk) console.warn('index disk-full tests skipped: this user may not mount a tmpfs (CI runs as root)');
});
afterAll(async () => {
  await disk?.unmount();
  await rm(root, { recursive: true, force: true });
});

const ask = (url: string, question: string) => fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });

describe('index faults', () => {
  it('a rebuild on a full disk fails, says `rebuilding failed: <reason>` in /health/ready, leaves nothing behind, and the old index keeps serving', async (ctx) => {
    if (!disk) return ctx.skip();
    const indexDir = path.join(disk.dir, 'index');
    await buildIndex({ paths: [corpus], indexRoot: indexDir, embedder });
    const live = await readFile(path.join(indexDir, CURRENT_POINTER), 'utf8');
    const holder = createIndexHolder(await loadIndex(indexDir, embedder));
    const config = loadConfig({ INDEX_DIR: indexDir, CORPUS: corpus, API_KEYS: KEY['x-api-key'], RATE_LIMIT_MAX: '0', DOCS: 'false' });
    const app = await buildApp({ services: createServices({ config, embedder, index: holder }) });
    const waitForJob = async (jobId: string) => {
      for (let i = 0; i < 2400; i++) {
        const job = (await app.inject({ url: `/api/admin/reindex/${jobId}`, headers: KEY })).json();
        if (job.status !== 'running') return job;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('reindex job did not finish');
    };
    try {
      await disk.fill();
      const job = await waitForJob((await app.inject({ method: 'POST', url: '/api/admin/reindex', headers: KEY })).json().jobId);
      expect(job.status).toBe('failed');
      expect(job.error).toMatch(/ENOSPC/);
      const ready = await app.inject({ url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json().rebuild).toMatch(/^rebuilding failed: .*ENOSPC/);
      expect(await readFile(path.join(indexDir, CURRENT_POINTER), 'utf8')).toBe(live);
      expect((await readdir(indexDir)).filter((e) => e.startsWith('.'))).toEqual([]);
      const answer = await app.inject({ method: 'POST', url: '/api/ask', headers: KEY, payload: { question: 'How long is the border between the two countries?' } });
      expect(answer.statusCode).toBe(200);
      expect(answer.json().citations.some((c: { quote: string }) => c.quote.includes('1,200 kilometers'))).toBe(true);

      await disk.free();
      const retried = await waitForJob((await app.inject({ method: 'POST', url: '/api/admin/reindex', headers: KEY })).json().jobId);
      expect(retried.status).toBe('succeeded');
      expect((await app.inject({ url: '/health/ready' })).json().rebuild).toBeUndefined();
    } finally {
      await app.close();
      await disk.free();
    }
  }, 300_000);

  it('at boot, a stale index whose rebuild fails on a full disk is served anyway (ready, `rebuilding failed`), not left never ready', async (ctx) => {
    if (!disk) return ctx.skip();
    const indexDir = path.join(disk.dir, 'boot');
    const stale = path.join(root, 'stale.md');
    await copyFile(corpus, stale);
    await buildIndex({ paths: [stale], indexRoot: indexDir, embedder });
    await appendFile(stale, '\n# RIVER COMMISSION\n\nThe Zarafshan hydrology commission met fourteen times in 2021.\n');
    await disk.fill();
    const server = await startServerProcess({ INDEX_DIR: indexDir, CORPUS: stale, RATE_LIMIT_MAX: '0' });
    try {
      await server.process.waitFor(/ready: ask at/, 240_000);
      await server.process.waitFor(/index rebuild failed; the previous index keeps serving/, 240_000);
      const ready = await fetch(`${server.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect((await ready.json()).rebuild).toMatch(/^rebuilding failed: .*ENOSPC/);
      const answer = await ask(server.url, 'How long is the border between the two countries?');
      expect(answer.status).toBe(200);
    } finally {
      await server.stop();
      await disk.free();
    }
    expect(await server.process.exited).toBe(0);
  }, 300_000);

  it('a first build that cannot reach its embedding server is reported as failed with the reason, retried with backoff, and the 503 says what failed', async () => {
    const indexDir = await mkdtemp(path.join(root, 'openai-'));
    const server = await startServerProcess({
      INDEX_DIR: indexDir,
      CORPUS: corpus,
      EMBEDDER: 'openai',
      OPENAI_BASE_URL: `http://127.0.0.1:${await freePort()}/v1`,
      RATE_LIMIT_MAX: '0',
    });
    try {
      await server.process.waitFor(/"attempt":2/, 120_000);
      const ready = await fetch(`${server.url}/health/ready`);
      expect(ready.status).toBe(503);
      const body = await ready.json();
      expect(body).toMatchObject({ status: 'failed', ready: false });
      expect(body.attempts).toBeGreaterThanOrEqual(2);
      expect(body.reason).toBeTruthy();
      expect(Date.parse(body.retryAt)).not.toBeNaN();
      const answer = await ask(server.url, 'How long is the border?');
      expect(answer.status).toBe(503);
      expect((await answer.json()).message).toMatch(/index failed to load/i);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(await server.process.exited).toBe(0);
  }, 300_000);
});
