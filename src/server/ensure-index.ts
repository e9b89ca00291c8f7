import path from 'node:path';
import { buildIndex } from '../../ingest/build-index.js';
import { corpusHash } from '../../ingest/corpus-hash.js';
import { resolveCorpus } from '../../ingest/corpus-files.js';
import { createTerminalProgress } from '../../ingest/progress.js';
import type { Config } from '../config/config.js';
import type { Embedder } from '../embedders/embedder.js';
import { loadIndex, readManifest, type LoadedIndex } from '../retrieval/load-index.js';

/**
 * Loads the index, building it first when there is none. An index built from
 * other files than CORPUS (`npm run ingest -- my.md`) is served as it is,
 * never replaced by CORPUS; an index that is stale for its own files (they,
 * the format or the embedder changed) is rebuilt from those files. Each
 * rebuild says why in one log line. Loading never re-embeds anything.
 */
export async function ensureIndex(config: Config, embedder: Embedder, log: (msg: string) => void): Promise<LoadedIndex> {
  const manifest = await readManifest(config.INDEX_DIR);
  let paths: string[];
  let reason: string | null = null;
  if (!manifest) {
    paths = resolveCorpus(config.CORPUS);
    reason = `No index in ${config.INDEX_DIR}/; building it from ${names(paths)}.`;
  } else {
    const corpus = safeResolve(config.CORPUS);
    const built = manifest.documents.map((d) => d.path);
    const sameFiles = corpus !== null && sameSet(corpus, built);
    paths = sameFiles ? corpus! : built;
    if (!sameFiles) log(`Serving the index in ${config.INDEX_DIR}/ built from ${names(built)} (CORPUS names ${corpus ? names(corpus) : 'files that are missing'}; run \`npm run ingest\` to replace it).`);
    const wanted = safeHash(paths, embedder.id);
    if (wanted === null) {
      log(`Some files of the index in ${config.INDEX_DIR}/ are gone (${names(built)}); serving it as built.`);
    } else if (wanted !== manifest.corpusHash) {
      reason = `Index in ${config.INDEX_DIR}/ is stale (${names(paths)}, the index format or the embedder changed); rebuilding it from the same files.`;
    }
  }
  if (reason) {
    log(reason);
    const { manifest: built, timings, warnings } = await buildIndex({ paths, indexRoot: config.INDEX_DIR, embedder, onProgress: createTerminalProgress() });
    for (const warning of warnings) log(`Ingest warning: ${warning}`);
    log(`Index built: ${built.counts.chunks} chunks in ${(timings.totalMs / 1000).toFixed(1)} s.`);
  }
  return loadIndex(config.INDEX_DIR, embedder, { efSearch: config.HNSW_EF_SEARCH });
}

function names(paths: readonly string[]): string {
  const shown = paths.slice(0, 3).map((p) => path.basename(p));
  return paths.length > 3 ? `${shown.join(', ')} and ${paths.length - 3} more` : shown.join(', ');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a.map((p) => path.resolve(p)));
  return a.length === b.length && b.every((p) => set.has(path.resolve(p)));
}

function safeResolve(patterns: readonly string[]): string[] | null {
  try {
    return resolveCorpus(patterns);
  } catch {
    return null;
  }
}

function safeHash(paths: string[], embedderId: string): string | null {
  try {
    return corpusHash(paths, embedderId);
  } catch {
    return null;
  }
}
