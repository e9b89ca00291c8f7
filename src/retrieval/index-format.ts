import type { ChunkKind, DocumentMetadata } from '../core/types.js';

/** Bump when the on-disk layout or the chunker changes, so stale indexes are rebuilt. */
export const INDEX_FORMAT_VERSION = 3;

/** File names inside one index build folder. */
export const INDEX_FILES = {
  manifest: 'manifest.json',
  vectors: 'vectors.hnsw',
  sentenceIndex: 'sentences.hnsw',
  chunks: 'chunks.json',
  lexical: 'lexical.json',
  sentences: 'sentences.json',
  /** The exact text each sentence vector was computed from (lets a re-ingest reuse vectors safely). */
  embeddingInputs: 'embedding-inputs.json',
  sentenceVectors: 'sentence-vectors.f32',
  /** Typed tables found in the documents (DocumentTable[]), for structured queries. */
  tables: 'tables.json',
} as const;

/** Name of the pointer file in the index root that names the live build folder. */
export const CURRENT_POINTER = 'CURRENT';

/** Written last by ingest; describes and checksums everything else in the build folder. */
export interface IndexManifest {
  formatVersion: number;
  embedder: { id: string; dimensions: number };
  /** Hash of the corpus files' bytes, the format version and the embedder id: equal hash ⇒ index is fresh. */
  corpusHash: string;
  documents: Array<{ source: string; path: string; sha256: string; chunks: number; /** The document's title from its metadata (same as metadata.title). */ title?: string; /** Title, author, publisher, date with their source lines. */ metadata?: DocumentMetadata; /** What ingest noticed and worked around (ragged tables, prose kept from unreadable parts). */ warnings?: string[] }>;
  counts: { chunks: number; sentences: number; byKind: Record<ChunkKind, number>; /** Typed tables and their rows (tables.json). */ tables?: number; tableRows?: number };
  createdAt: string;
  /** sha256 and size of every other file in the build folder, checked at load. */
  files: Record<string, { sha256: string; bytes: number }>;
}

/** Sentence spans per chunk (offsets into chunk.text), in chunk order; vectors are stored in the same order. */
export type SentenceSpans = Array<Array<[number, number]>>;
