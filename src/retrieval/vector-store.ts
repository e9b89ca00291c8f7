import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;

export interface VectorHit {
  index: number;
  /** Cosine similarity in [-1, 1]. */
  similarity: number;
}

/** Approximate nearest-neighbour search over unit vectors; ids are chunk ordinals. */
export interface VectorStore {
  readonly dimensions: number;
  readonly size: number;
  search(vector: number[], k: number): VectorHit[];
  save(file: string): Promise<void>;
}

/** hnswlib defaults: graph degree, build breadth and search breadth (raised to k when smaller). */
export const HNSW_DEFAULTS = { m: 16, efConstruction: 200, efSearch: 128 } as const;

export interface HnswSettings {
  dimensions: number;
  /** Graph degree. */
  m?: number;
  efConstruction?: number;
  /** Search breadth; raised to k when smaller. */
  efSearch?: number;
}

function wrap(index: InstanceType<typeof HierarchicalNSW>, dimensions: number, efSearch: number): VectorStore {
  return {
    dimensions,
    get size() {
      return index.getCurrentCount();
    },
    search(vector, k) {
      const n = index.getCurrentCount();
      if (n === 0) return [];
      const kk = Math.min(k, n);
      index.setEf(Math.max(efSearch, kk));
      const { neighbors, distances } = index.searchKnn(vector, kk);
      return neighbors.map((id, i) => ({ index: id, similarity: 1 - distances[i] }));
    },
    save: async (file) => {
      await index.writeIndex(file);
    },
  };
}

/** Build an hnswlib (cosine) index from vectors whose position is their id. */
export function buildVectorStore(vectors: number[][], settings: HnswSettings): VectorStore {
  const index = new HierarchicalNSW('cosine', settings.dimensions);
  index.initIndex({ maxElements: Math.max(1, vectors.length), m: settings.m ?? HNSW_DEFAULTS.m, efConstruction: settings.efConstruction ?? HNSW_DEFAULTS.efConstruction });
  vectors.forEach((v, i) => index.addPoint(v, i));
  return wrap(index, settings.dimensions, settings.efSearch ?? HNSW_DEFAULTS.efSearch);
}

/** Load an hnswlib index written by `save`. */
export async function loadVectorStore(file: string, settings: HnswSettings): Promise<VectorStore> {
  const index = new HierarchicalNSW('cosine', settings.dimensions);
  await index.readIndex(file);
  return wrap(index, settings.dimensions, settings.efSearch ?? HNSW_DEFAULTS.efSearch);
}
