import type { Embedder } from './embedder.js';

export interface CachedEmbedderSettings {
  /** Most texts kept (least recently used go first); 0 passes every call through. */
  maxEntries?: number;
}

/** An embedder with a text → vector LRU cache in front; `stats` counts hits and misses. */
export interface CachedEmbedder extends Embedder {
  readonly inner: Embedder;
  readonly stats: { hits: number; misses: number; size: number };
  clear(): void;
}

/**
 * Wraps an embedder with an LRU cache keyed by exact text, so a repeated question skips
 * the model. It has the inner embedder's `id` and `dimensions` (an index built through it
 * loads with the bare embedder and back). Concurrent calls for the same uncached text share
 * one model call; failures are not cached. Callers get their own copy of each vector.
 */
export function createCachedEmbedder(inner: Embedder, settings: CachedEmbedderSettings = {}): CachedEmbedder {
  const maxEntries = Math.max(0, settings.maxEntries ?? 1000);
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used.
  const cache = new Map<string, number[]>();
  const inflight = new Map<string, Promise<number[]>>();
  const stats = { hits: 0, misses: 0, size: 0 };

  const remember = (text: string, vector: number[]) => {
    cache.delete(text);
    cache.set(text, vector);
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    stats.size = cache.size;
  };

  return {
    id: inner.id,
    get dimensions() {
      return inner.dimensions;
    },
    inner,
    stats,
    clear() {
      cache.clear();
      stats.size = 0;
    },
    warmUp: inner.warmUp && (() => inner.warmUp!()),
    async embed(texts, options) {
      if (maxEntries === 0) return inner.embed(texts, options);
      const out: Array<number[] | Promise<number[]>> = new Array(texts.length);
      const missing: string[] = [];
      texts.forEach((text, i) => {
        const hit = cache.get(text);
        if (hit) {
          stats.hits++;
          remember(text, hit);
          out[i] = hit;
        } else if (inflight.has(text)) {
          stats.hits++;
          out[i] = inflight.get(text)!;
        } else {
          if (!missing.includes(text)) missing.push(text);
        }
      });
      if (missing.length) {
        stats.misses += missing.length;
        const call = inner.embed(missing, options);
        missing.forEach((text, j) => {
          const p = call.then((vs) => vs[j]);
          p.catch(() => {}); // the caller below sees the failure
          inflight.set(text, p);
        });
        let vectors: number[][];
        try {
          vectors = await call;
        } finally {
          for (const text of missing) inflight.delete(text);
        }
        const fresh = new Map(missing.map((text, j) => [text, vectors[j]]));
        for (const [text, vector] of fresh) remember(text, vector);
        texts.forEach((text, i) => (out[i] ??= fresh.get(text)!));
      }
      const vectors = await Promise.all(out);
      return vectors.map((v) => v.slice());
    },
  };
}
