import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { IndexError } from '../core/errors.js';
import type { Chunk, DocumentTable } from '../core/types.js';
import type { Embedder } from '../embedders/embedder.js';
import { CURRENT_POINTER, INDEX_FILES, INDEX_FORMAT_VERSION, type IndexManifest, type SentenceSpans } from './index-format.js';
import { loadLexicalIndex, type LexicalIndex } from './lexical-index.js';
import { loadVectorStore, type VectorStore } from './vector-store.js';

/** Everything retrieval needs, loaded from one index build. */
export interface LoadedIndex {
  manifest: IndexManifest;
  /** The build folder this was loaded from. */
  dir: string;
  chunks: Chunk[];
  vectors: VectorStore;
  lexical: LexicalIndex;
  sentences: SentenceSpans;
  /** Unit vectors of every sentence, flattened in `sentences` order. */
  sentenceVectors: Float32Array;
  /** Offset (in sentences) of each chunk's first sentence in `sentenceVectors`. */
  sentenceOffsets: number[];
  /** hnswlib index over sentence vectors (ids are sentence positions). */
  sentenceStore: VectorStore;
  /** Chunk ordinal of each sentence position. */
  sentenceOwner: Int32Array;
  /** Typed tables of the indexed documents; each row names the table-row chunk it became. */
  tables: DocumentTable[];
}

/** The folder of the live build, named by the CURRENT pointer; null when there is none. */
export async function resolveCurrentBuild(indexRoot: string): Promise<string | null> {
  try {
    const name = (await readFile(path.join(indexRoot, CURRENT_POINTER), 'utf8')).trim();
    return name ? path.join(indexRoot, name) : null;
  } catch {
    return null;
  }
}

/** Read the live build's manifest without loading the rest; null when there is no index. */
export async function readManifest(indexRoot: string): Promise<IndexManifest | null> {
  const dir = await resolveCurrentBuild(indexRoot);
  if (!dir) return null;
  try {
    return JSON.parse(await readFile(path.join(dir, INDEX_FILES.manifest), 'utf8')) as IndexManifest;
  } catch {
    return null;
  }
}

/**
 * Load the live index and check it: format version, embedder identity and
 * every file's checksum. Any mismatch throws an IndexError that says to re-ingest.
 */
export async function loadIndex(
  indexRoot: string,
  embedder: Pick<Embedder, 'id' | 'dimensions'>,
  options: { /** hnswlib search breadth; default grows with index size (`defaultEfSearch`). */ efSearch?: number } = {},
): Promise<LoadedIndex> {
  const dir = await resolveCurrentBuild(indexRoot);
  if (!dir) throw new IndexError(`No index found in ${indexRoot}/. Run \`npm run ingest\` to build it.`);
  let manifest: IndexManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, INDEX_FILES.manifest), 'utf8')) as IndexManifest;
  } catch (err) {
    throw new IndexError(`The index manifest in ${dir} is missing or unreadable. Run \`npm run ingest\` to rebuild the index.`, { cause: err });
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexError(`The index in ${dir} has format version ${manifest.formatVersion}, this build reads ${INDEX_FORMAT_VERSION}. Run \`npm run ingest\` to rebuild it.`);
  }
  if (manifest.embedder.id !== embedder.id || (embedder.dimensions && manifest.embedder.dimensions !== embedder.dimensions)) {
    throw new IndexError(
      `The index in ${dir} was built with embedder "${manifest.embedder.id}" (${manifest.embedder.dimensions} dims), ` +
        `but this server is configured for "${embedder.id}"${embedder.dimensions ? ` (${embedder.dimensions} dims)` : ''}. ` +
        'Re-run `npm run ingest` with the current configuration, or change EMBEDDER back.',
    );
  }
  const files = new Map<string, Buffer>();
  for (const [name, expected] of Object.entries(manifest.files)) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(dir, name));
    } catch (err) {
      throw new IndexError(`Index file ${name} is missing from ${dir}. Run \`npm run ingest\` to rebuild the index.`, { cause: err });
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== expected.bytes || sha256 !== expected.sha256) {
      throw new IndexError(`Index file ${name} in ${dir} is corrupt or truncated (checksum mismatch). Run \`npm run ingest\` to rebuild the index.`);
    }
    files.set(name, bytes);
  }
  const json = <T>(name: string): T => JSON.parse(files.get(name)!.toString('utf8')) as T;
  for (const name of Object.values(INDEX_FILES)) {
    if (name !== INDEX_FILES.manifest && !files.has(name)) {
      throw new IndexError(`Index file ${name} is not listed in the manifest in ${dir}. Run \`npm run ingest\` to rebuild the index.`);
    }
  }
  const chunks = json<Chunk[]>(INDEX_FILES.chunks);
  const tables = json<DocumentTable[]>(INDEX_FILES.tables);
  const chunkIds = new Set(chunks.map((c) => c.id));
  if (!Array.isArray(tables) || tables.some((t) => t.rows.some((r) => !chunkIds.has(r.chunkId)))) {
    throw new IndexError(`Index in ${dir} is inconsistent (a table row names a chunk the index lacks). Run \`npm run ingest\` to rebuild it.`);
  }
  const sentences = json<SentenceSpans>(INDEX_FILES.sentences);
  const raw = files.get(INDEX_FILES.sentenceVectors)!;
  const sentenceVectors = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const sentenceOffsets: number[] = [];
  const owners: number[] = [];
  let offset = 0;
  sentences.forEach((spans, chunkOrdinal) => {
    sentenceOffsets.push(offset);
    offset += spans.length;
    for (let j = 0; j < spans.length; j++) owners.push(chunkOrdinal);
  });
  if (sentences.length !== chunks.length || offset * manifest.embedder.dimensions !== sentenceVectors.length) {
    throw new IndexError(`Index in ${dir} is inconsistent (sentence data does not match chunks). Run \`npm run ingest\` to rebuild it.`);
  }
  let vectors: VectorStore;
  let sentenceStore: VectorStore;
  try {
    vectors = await loadVectorStore(path.join(dir, INDEX_FILES.vectors), { dimensions: manifest.embedder.dimensions, efSearch: options.efSearch });
    sentenceStore = await loadVectorStore(path.join(dir, INDEX_FILES.sentenceIndex), { dimensions: manifest.embedder.dimensions, efSearch: options.efSearch });
  } catch (err) {
    throw new IndexError(`Could not read the vector index in ${dir}. Run \`npm run ingest\` to rebuild it.`, { cause: err });
  }
  if (vectors.size !== chunks.length || sentenceStore.size !== offset) {
    throw new IndexError(`Index in ${dir} is inconsistent (${vectors.size} vectors for ${chunks.length} chunks). Run \`npm run ingest\` to rebuild it.`);
  }
  return {
    manifest,
    dir,
    chunks,
    vectors,
    lexical: loadLexicalIndex(json(INDEX_FILES.lexical)),
    sentences,
    sentenceVectors,
    sentenceOffsets,
    sentenceStore,
    sentenceOwner: Int32Array.from(owners),
    tables,
  };
}
