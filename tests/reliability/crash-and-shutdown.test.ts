import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../ingest/build-index.js';
import { createUseEmbedder } from '../../src/embedders/use-embedder.js';
import { CURRENT_POINTER, INDEX_FILES } from '../../src/retrieval/index-format.js';
import { loadIndex, resolveCurrentBuild } from '../../src/retrieval/load-index.js';
import { runCli, startServerProcess } from '../helpers/processes.js';

const FIXTURE = path.resolve('tests/fixtures/mini-report.md');
const embedder = createUseEmbedder();
let root: string;
let corpus: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dossier-crash-'));
  corpus = path.join(root, 'mini-report.md');
  await copyFile(FIXTURE, corpus);
  await buildIndex({ paths: [corpus], indexRoot: path.join(root, 'index'), embedder });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A document long enough that embedding it takes a while, so the ingest can be killed halfway. */
async function writeLargeDocument(file: string) {
  const topics = ['border posts', 'police training', 'drone purchases', 'joint patrols', 'cyber drills', 'military aid'];
  const lines = ['# LARGE DOCUMENT', ''];
  for (let i = 0; i < 600; i++) {
    lines.push(`Paragraph ${i} reports that ${topics[i % topics.length]} numbered ${i * 7} in year ${1990 + (i % 30)}, according to source ${i}.`, '');
  }
  await writeFile(file, lines.join('\n'));
}

async function startServer(indexDir: string) {
  const { process: server, url } = await startServerProcess({ INDEX_DIR: indexDir, CORPUS: corpus });
  return { server, url };
}

async function ask(url: string, question: string) {
  const res = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  return { status: res.status, body: await res.json() };
}

describe('crashes', () => {
  it('kill -9 of an ingest halfway leaves the previous index live, loadable and served', async () => {
    const indexDir = path.join(root, 'index');
    const before = await readFile(path.join(indexDir, CURRENT_POINTER), 'utf8');
    const large = path.join(root, 'large.md');
    await writeLargeDocument(large);
    const ingest = runCli('src/cli/ingest.ts', ['--index', indexDir, large], {});
    await ingest.waitFor(/\[ingest\] embed/);
    ingest.child.kill('SIGKILL');
    expect(await ingest.exited).toBeNull();

    expect(await readFile(path.join(indexDir, CURRENT_POINTER), 'utf8')).toBe(before);
    const index = await loadIndex(indexDir, embedder);
    expect(index.chunks.some((c) => c.text.includes('1,200 kilometers'))).toBe(true);

    const { server, url } = await startServer(indexDir);
    try {
      await server.waitFor(/ready: ask at/);
      const { status, body } = await ask(url, 'How long is the border between the two countries?');
      expect(status).toBe(200);
      expect(body.citations.some((c: { quote: string }) => c.quote.includes('1,200 kilometers'))).toBe(true);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    // The next ingest clears what the killed one left behind.
    await buildIndex({ paths: [corpus], indexRoot: indexDir, embedder });
    expect((await readdir(indexDir)).filter((e) => e.startsWith('.tmp-'))).toEqual([]);
    // A generous budget: on a busy machine a timed-out test keeps running in the background, into the next test's servers.
  }, 300_000);

  it('a truncated index file is refused at start with a clear message and the server stays not ready', async () => {
    const indexDir = path.join(root, 'corrupt');
    await buildIndex({ paths: [corpus], indexRoot: indexDir, embedder });
    const file = path.join((await resolveCurrentBuild(indexDir))!, INDEX_FILES.chunks);
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, 100));
    const { server, url } = await startServer(indexDir);
    try {
      await server.waitFor(/corrupt or truncated/);
      expect(server.output()).toMatch(/npm run ingest/);
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(503);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const { status, body } = await ask(url, 'How long is the border?');
      expect(status).toBe(503);
      expect(body.message).toMatch(/index failed to load: .*corrupt or truncated/i);
      expect((await ready.json()).status).toBe('failed');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 300_000);
});

describe('graceful shutdown', () => {
  it('on SIGTERM finishes in-flight requests, refuses new ones and exits 0', async () => {
    const { server, url } = await startServer(path.join(root, 'index'));
    await server.waitFor(/ready: ask at/);
    const inFlight = Array.from({ length: 12 }, (_, i) => ask(url, `What is patrolled jointly every spring? (${i})`));
    // SIGTERM once the server has received every request (it logs each one as it arrives).
    await server.waitFor(/("msg":"incoming request"[\s\S]*){12}/, 240_000);
    server.child.kill('SIGTERM');
    const results = await Promise.all(inFlight);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    expect(await server.exited).toBe(0);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  }, 300_000);
});
