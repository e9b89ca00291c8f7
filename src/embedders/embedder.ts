/**
 * An embedder turns texts into unit-length vectors. Every provider implements
 * this, so ingest, retrieval and the index manifest never know which one runs.
 */
export interface Embedder {
  /** Identity written to the index manifest; an index only loads with the same id. */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
  /** Load the model ahead of the first `embed` (optional; a remote API has nothing to load). */
  warmUp?(): Promise<void>;
}

/** Scale a vector to unit length (cosine similarity becomes a dot product). */
export function normalize(v: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const norm = Math.sqrt(sum) || 1;
  return Array.from(v, (x) => x / norm);
}

/** Dot product of two equal-length vectors. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
