import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalize } from '../../src/embedders/embedder.js';
import { buildVectorStore, defaultEfSearch, HNSW_DEFAULTS, loadVectorStore } from '../../src/retrieval/vector-store.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function randomVectors(n: number, dims: number, seed = 1): number[][] {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
  return Array.from({ length: n }, () => normalize(Array.from({ length: dims }, rnd)));
}

describe('hnswlib vector store', () => {
  it('search breadth grows with index size: 128 up to 10k vectors, doubling per decade above', () => {
    expect(defaultEfSearch(0)).toBe(HNSW_DEFAULTS.efSearch);
    expect(defaultEfSearch(1_087)).toBe(128);
    expect(defaultEfSearch(10_000)).toBe(128);
    expect(defaultEfSearch(100_000)).toBe(256);
    expect(defaultEfSearch(1_000_000)).toBe(512);
  });

  it('finds each stored vector as its own nearest neighbour, before and after a save/load round trip', async () => {
    const vectors = randomVectors(300, 32);
    const store = buildVectorStore(vectors, { dimensions: 32 });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-hnsw-'));
    dirs.push(dir);
    await store.save(path.join(dir, 'v.hnsw'));
    for (const s of [store, await loadVectorStore(path.join(dir, 'v.hnsw'), { dimensions: 32 }), await loadVectorStore(path.join(dir, 'v.hnsw'), { dimensions: 32, efSearch: 16 })]) {
      expect(s.size).toBe(300);
      for (const i of [0, 17, 299]) {
        const [hit] = s.search(vectors[i], 5);
        expect(hit.index).toBe(i);
        expect(hit.similarity).toBeCloseTo(1, 5);
      }
    }
  });

  it('returns at most as many hits as it holds, and none from an empty store', () => {
    expect(buildVectorStore(randomVectors(3, 8), { dimensions: 8 }).search(randomVectors(1, 8, 7)[0], 10)).toHaveLength(3);
    expect(buildVectorStore([], { dimensions: 8 }).search(randomVectors(1, 8)[0], 10)).toEqual([]);
  });
});
