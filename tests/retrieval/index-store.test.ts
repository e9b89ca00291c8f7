import { mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../ingest/build-index.js';
import { IndexError } from '../../src/core/errors.js';
import { createUseEmbedder } from '../../src/embedders/use-embedder.js';
import { createHybridRetriever } from '../../src/retrieval/hybrid-retriever.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { CURRENT_POINTER, INDEX_FILES } from '../../src/retrieval/index-format.js';
import { loadIndex, resolveCurrentBuild } from '../../src/retrieval/load-index.js';

const FIXTURE = path.resolve('tests/fixtures/mini-report.md');
const embedder = createUseEmbedder();
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dossier-index-'));
  await buildIndex({ paths: [FIXTURE], indexRoot: root, embedder });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function topChunkIds(dir: string, query: string) {
  const index = await loadIndex(dir, embedder);
  const retriever = createHybridRetriever({ embedder, index: createIndexHolder(index), topK: 3 });
  return (await retriever.retrieve(query)).chunks.map((c) => c.chunk.id);
}

describe('index on disk', () => {
  it('round-trips: a saved index loads and gives the same results as the built one', async () => {
    const first = await topChunkIds(root, 'How long is the border?');
    const second = await topChunkIds(root, 'How long is the border?');
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
    const index = await loadIndex(root, embedder);
    expect(index.chunks[index.chunks.findIndex((c) => c.id === first[0])].text).toContain('1,200 kilometers');
    expect(index.manifest.embedder).toEqual({ id: embedder.id, dimensions: 512 });
    expect(index.manifest.counts.chunks).toBe(index.chunks.length);
  });

  it('refuses an index built by another embedder, saying to re-ingest', async () => {
    await expect(loadIndex(root, { id: 'openai:text-embedding-3-small', dimensions: 1536 })).rejects.toThrow(/re-run `npm run ingest`/i);
    await expect(loadIndex(root, { id: 'openai:text-embedding-3-small', dimensions: 1536 })).rejects.toBeInstanceOf(IndexError);
  });

  it('refuses a corrupt or truncated index file', async () => {
    const copy = await mkdtemp(path.join(os.tmpdir(), 'dossier-corrupt-'));
    try {
      await buildIndex({ paths: [FIXTURE], indexRoot: copy, embedder });
      const dir = (await resolveCurrentBuild(copy))!;
      const file = path.join(dir, INDEX_FILES.vectors);
      const bytes = await readFile(file);
      await writeFile(file, bytes.subarray(0, bytes.length >> 1));
      await expect(loadIndex(copy, embedder)).rejects.toThrow(/corrupt or truncated/);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('an interrupted ingest leaves the previous index live and loadable', async () => {
    const before = await readFile(path.join(root, CURRENT_POINTER), 'utf8');
    const crash = buildIndex({
      paths: [FIXTURE],
      indexRoot: root,
      embedder,
      beforeSwap: () => {
        throw new Error('simulated crash before swap');
      },
    });
    await expect(crash).rejects.toThrow('simulated crash');
    expect(await readFile(path.join(root, CURRENT_POINTER), 'utf8')).toBe(before);
    expect(await topChunkIds(root, 'irrigation disputes')).not.toHaveLength(0);
    const aborted = new AbortController();
    aborted.abort();
    await expect(buildIndex({ paths: [FIXTURE], indexRoot: root, embedder, signal: aborted.signal })).rejects.toThrow();
    expect(await readFile(path.join(root, CURRENT_POINTER), 'utf8')).toBe(before);
    // a later successful ingest replaces it and cleans up leftovers
    await buildIndex({ paths: [FIXTURE], indexRoot: root, embedder });
    const entries = await readdir(root);
    expect(entries.filter((e) => e.startsWith('build-'))).toHaveLength(1);
    expect(entries.filter((e) => e.startsWith('.tmp-'))).toHaveLength(0);
  });
});
