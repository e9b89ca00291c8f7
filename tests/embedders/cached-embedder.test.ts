import { describe, expect, it } from 'vitest';
import { createCachedEmbedder } from '../../src/embedders/cached-embedder.js';
import type { Embedder } from '../../src/embedders/embedder.js';

/** A deterministic embedder that records every call; `gate` holds calls until released. */
function recordingEmbedder(options: { fail?: boolean } = {}) {
  const calls: string[][] = [];
  let release: () => void = () => {};
  let gate: Promise<void> | null = null;
  const embedder: Embedder & { calls: string[][]; hold(): void; release(): void } = {
    id: 'fake@1',
    dimensions: 3,
    calls,
    hold() {
      gate = new Promise((r) => (release = r));
    },
    release: () => release(),
    async embed(texts) {
      calls.push([...texts]);
      if (gate) await gate;
      if (options.fail) throw new Error('model down');
      return texts.map((t) => [t.length, t.charCodeAt(0) || 0, 1]);
    },
  };
  return embedder;
}

describe('createCachedEmbedder', () => {
  it('keeps the inner id and dimensions so indexes stay compatible', () => {
    const cached = createCachedEmbedder(recordingEmbedder());
    expect(cached.id).toBe('fake@1');
    expect(cached.dimensions).toBe(3);
  });

  it('answers a repeated text from the cache without calling the model', async () => {
    const inner = recordingEmbedder();
    const cached = createCachedEmbedder(inner);
    const first = await cached.embed(['alpha', 'beta']);
    const second = await cached.embed(['beta', 'alpha', 'gamma']);
    expect(inner.calls).toEqual([['alpha', 'beta'], ['gamma']]);
    expect(second[0]).toEqual(first[1]);
    expect(second[1]).toEqual(first[0]);
    expect(cached.stats).toMatchObject({ hits: 2, misses: 3, size: 3 });
  });

  it('evicts the least recently used text first', async () => {
    const inner = recordingEmbedder();
    const cached = createCachedEmbedder(inner, { maxEntries: 2 });
    await cached.embed(['a']);
    await cached.embed(['b']);
    await cached.embed(['a']); // a is now the most recent
    await cached.embed(['c']); // evicts b
    inner.calls.length = 0;
    await cached.embed(['a', 'c']);
    expect(inner.calls).toEqual([]);
    await cached.embed(['b']);
    expect(inner.calls).toEqual([['b']]);
    expect(cached.stats.size).toBe(2);
  });

  it('embeds a text once when concurrent callers ask for it', async () => {
    const inner = recordingEmbedder();
    const cached = createCachedEmbedder(inner);
    inner.hold();
    const a = cached.embed(['same question']);
    const b = cached.embed(['same question', 'other']);
    inner.release();
    const [va, vb] = await Promise.all([a, b]);
    expect(inner.calls.flat().filter((t) => t === 'same question')).toHaveLength(1);
    expect(vb[0]).toEqual(va[0]);
  });

  it('returns a duplicated text in every position it was asked for', async () => {
    const cached = createCachedEmbedder(recordingEmbedder(), { maxEntries: 1 });
    const out = await cached.embed(['x', 'yy', 'x']);
    expect(out[0]).toEqual([1, 120, 1]);
    expect(out[2]).toEqual(out[0]);
    expect(out[1]).toEqual([2, 121, 1]);
  });

  it('does not cache failures', async () => {
    const inner = recordingEmbedder({ fail: true });
    const cached = createCachedEmbedder(inner);
    await expect(cached.embed(['q'])).rejects.toThrow('model down');
    await expect(cached.embed(['q'])).rejects.toThrow('model down');
    expect(inner.calls).toEqual([['q'], ['q']]);
    expect(cached.stats.size).toBe(0);
  });

  it('hands out copies, so a caller mutating a vector cannot corrupt the cache', async () => {
    const cached = createCachedEmbedder(recordingEmbedder());
    const [v] = await cached.embed(['abc']);
    v[0] = 999;
    const [again] = await cached.embed(['abc']);
    expect(again[0]).toBe(3);
  });

  it('passes every call through when the size is 0', async () => {
    const inner = recordingEmbedder();
    const cached = createCachedEmbedder(inner, { maxEntries: 0 });
    await cached.embed(['a']);
    await cached.embed(['a']);
    expect(inner.calls).toEqual([['a'], ['a']]);
  });
});
