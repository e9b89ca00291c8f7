import type { RetrievedChunk } from '../core/types.js';
import type { Embedder } from '../embedders/embedder.js';
import type { IndexHolder } from './index-holder.js';
import type { LoadedIndex } from './load-index.js';

export interface RetrievalResult {
  query: string;
  /** Unit vector of the query, reused by answerers to score sentences. */
  queryVector: number[];
  chunks: RetrievedChunk[];
  /** The index the result came from (an index swap mid-request cannot mix two). */
  index: LoadedIndex;
  timings: { embedMs: number; vectorMs: number; lexicalMs: number; fuseMs: number };
}

/** Finds the chunks most likely to answer a question. */
export interface Retriever {
  retrieve(query: string, options?: { k?: number; signal?: AbortSignal }): Promise<RetrievalResult>;
}

export interface HybridRetrieverSettings {
  embedder: Embedder;
  index: IndexHolder;
  /** Chunks returned. */
  topK?: number;
  /** Candidates taken from each component before fusion. */
  candidates?: number;
  /** Reciprocal-rank-fusion constant. */
  rrfK?: number;
}

/**
 * Hybrid retrieval: hnswlib k-NN (paraphrases) and BM25 (names, dates,
 * numbers), fused by reciprocal rank so neither score scale dominates.
 */
export function createHybridRetriever(settings: HybridRetrieverSettings): Retriever {
  const { embedder, topK = 8, candidates = 50, rrfK = 60 } = settings;
  return {
    async retrieve(query, options = {}) {
      const index = settings.index.get();
      const k = options.k ?? topK;
      const t0 = performance.now();
      const [queryVector] = await embedder.embed([query], { signal: options.signal });
      const t1 = performance.now();
      const vectorHits = index.vectors.search(queryVector, candidates);
      const t2 = performance.now();
      const lexicalHits = index.lexical.search(query, candidates);
      const t3 = performance.now();
      const fused = new Map<number, RetrievedChunk>();
      const entry = (i: number) => {
        let e = fused.get(i);
        if (!e) fused.set(i, (e = { chunk: index.chunks[i], ordinal: i, score: 0 }));
        return e;
      };
      vectorHits.forEach((hit, rank) => {
        const e = entry(hit.index);
        e.score += 1 / (rrfK + rank + 1);
        e.vectorRank = rank + 1;
        e.similarity = hit.similarity;
      });
      lexicalHits.forEach((hit, rank) => {
        const e = entry(hit.index);
        e.score += 1 / (rrfK + rank + 1);
        e.lexicalRank = rank + 1;
      });
      const chunks = [...fused.values()].sort((a, b) => b.score - a.score).slice(0, k);
      const t4 = performance.now();
      return { query, queryVector, chunks, index, timings: { embedMs: t1 - t0, vectorMs: t2 - t1, lexicalMs: t3 - t2, fuseMs: t4 - t3 } };
    },
  };
}
