import path from 'node:path';
import { buildIndex } from '../../ingest/build-index.js';
import { corpusHash } from '../../ingest/corpus-hash.js';
import { createTerminalProgress } from '../../ingest/progress.js';
import type { Config } from '../config/config.js';
import type { Embedder } from '../embedders/embedder.js';
import { loadIndex, readManifest, type LoadedIndex } from '../retrieval/load-index.js';

/**
 * Loads the index, building it first when it is missing or stale (corpus,
 * format or embedder changed). Loading never re-embeds anything.
 */
export async function ensureIndex(config: Config, embedder: Embedder, log: (msg: string) => void): Promise<LoadedIndex> {
  const paths = config.CORPUS.map((p) => path.resolve(p));
  const manifest = await readManifest(config.INDEX_DIR);
  const wanted = corpusHash(paths, embedder.id);
  if (!manifest || manifest.corpusHash !== wanted) {
    log(manifest ? 'Index is stale (corpus, format or embedder changed); rebuilding.' : `No index in ${config.INDEX_DIR}/; building it.`);
    const { manifest: built, timings } = await buildIndex({ paths, indexRoot: config.INDEX_DIR, embedder, onProgress: createTerminalProgress() });
    log(`Index built: ${built.counts.chunks} chunks in ${(timings.totalMs / 1000).toFixed(1)} s.`);
  }
  return loadIndex(config.INDEX_DIR, embedder, { efSearch: config.HNSW_EF_SEARCH });
}
