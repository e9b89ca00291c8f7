import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IngestError } from '../src/core/errors.js';
import { splitSentences } from '../src/core/sentences.js';
import type { Chunk, ChunkKind, DocumentTable } from '../src/core/types.js';
import { normalize, type Embedder } from '../src/embedders/embedder.js';
import { loadIndex } from '../src/retrieval/load-index.js';
import { CURRENT_POINTER, INDEX_FILES, INDEX_FORMAT_VERSION, type IndexManifest, type SentenceSpans } from '../src/retrieval/index-format.js';
import { buildLexicalIndex } from '../src/retrieval/lexical-index.js';
import { buildVectorStore } from '../src/retrieval/vector-store.js';
import { chunkDocumentWithTables } from './chunk/chunk-document.js';
import { resolveCorpus } from './corpus-files.js';
import { corpusHash } from './corpus-hash.js';
import { loadDocument } from './load/load-document.js';
import type { ProgressEvent } from './progress.js';

export interface BuildIndexOptions {
  /** Files, folders or globs to ingest (.md, .markdown, .txt, .pdf; see resolveCorpus). */
  paths: string[];
  /** Index root folder; builds go in sub-folders, `CURRENT` names the live one. */
  indexRoot: string;
  embedder: Embedder;
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Called after all files are written but before the new build is made live (tests use it to simulate a crash). */
  beforeSwap?: () => Promise<void> | void;
}

export interface BuildIndexResult {
  manifest: IndexManifest;
  dir: string;
  /** What ingest noticed and worked around, one line each ("report.md: table "Table 2": line 40 has 6 cells for 5 columns …"). */
  warnings: string[];
  timings: { loadMs: number; chunkMs: number; embedMs: number; writeMs: number; totalMs: number };
}

/**
 * Spans used for answer selection: a sentence, or a whole table row. A very
 * long row (a training programme's description) is split at its labelled cells
 * so an answer can quote the one cell that answers.
 */
export function sentenceSpansOf(chunk: Chunk): Array<[number, number]> {
  if (chunk.kind === 'table-row') {
    const labels = chunk.row?.columns ?? [];
    if (chunk.text.split(/\s+/).length <= 80 || !labels.length) return [[0, chunk.text.length]];
    const starts = [0];
    for (const label of labels) {
      const at = chunk.text.indexOf(`; ${label}: `);
      if (at > 0) starts.push(at + 2);
    }
    starts.sort((a, b) => a - b);
    return starts.map((start, i) => [start, i + 1 < starts.length ? starts[i + 1] - 2 : chunk.text.length] as [number, number]);
  }
  const spans = splitSentences(chunk.text);
  return spans.length ? spans : [[0, chunk.text.length]];
}

/**
 * The ingest pipeline: load → chunk → embed → write. Everything is written
 * to a fresh build folder and made live by atomically replacing the CURRENT
 * pointer, so a failed or interrupted ingest never touches the served index.
 */
export async function buildIndex(options: BuildIndexOptions): Promise<BuildIndexResult> {
  const { indexRoot, embedder, onProgress = () => {}, signal } = options;
  if (!options.paths.length) throw new IngestError('No input files given. Pass .md, .txt or .pdf paths.');
  const paths = resolveCorpus(options.paths);
  const t0 = performance.now();

  const docs = [];
  for (const [i, file] of paths.entries()) {
    onProgress({ stage: 'load', done: i, total: paths.length, message: path.basename(file) });
    docs.push({ file, doc: await loadDocument(file) });
  }
  onProgress({ stage: 'load', done: paths.length, total: paths.length });
  const t1 = performance.now();

  const chunks: Chunk[] = [];
  const tables: DocumentTable[] = [];
  const allWarnings: string[] = [];
  const documents: IndexManifest['documents'] = [];
  const seenIds = new Set<string>();
  for (const { file, doc } of docs) {
    const { chunks: docChunks, tables: docTables, metadata, warnings } = chunkDocumentWithTables(doc);
    tables.push(...docTables);
    for (const c of docChunks) {
      if (seenIds.has(c.id)) throw new IngestError(`Two inputs produce the same chunk id ${c.id}; rename one of the files.`);
      seenIds.add(c.id);
    }
    chunks.push(...docChunks);
    documents.push({ source: doc.source, path: file, sha256: createHash('sha256').update(doc.text).digest('hex'), chunks: docChunks.length, ...(metadata.title ? { title: metadata.title } : {}), metadata, warnings });
    allWarnings.push(...warnings.map((w) => `${path.basename(file)}: ${w}`));
  }
  if (!chunks.length) throw new IngestError('The inputs contain no text to index.');
  const sentences: SentenceSpans = chunks.map(sentenceSpansOf);
  onProgress({ stage: 'chunk', done: chunks.length, total: chunks.length });
  const t2 = performance.now();

  // Embed each distinct sentence once (a table row is one sentence); a chunk's vector is the mean of its sentences'.
  // Vectors of texts the live index already has are reused, so re-ingesting an unchanged corpus embeds nothing.
  const sentenceTexts = chunks.flatMap((c, i) => sentences[i].map(([s, e]) => embeddingInput(c, c.text.slice(s, e))));
  const known = await previousEmbeddings(indexRoot, embedder.id);
  // Ordered by length so each model call holds texts of similar length (the model pads a call to its longest text),
  // and the calls of one window split evenly between the embedder's workers.
  const missing = [...new Set(sentenceTexts.filter((t) => !known.has(t)))].sort((a, b) => a.length - b.length);
  const reused = known.size ? `(${sentenceTexts.length - missing.length} reused)` : '';
  let embedded = 0;
  onProgress({ stage: 'embed', done: 0, total: missing.length, message: reused });
  await inParallel(batchesOf(missing, EMBED_BATCH), EMBED_CALLS_IN_FLIGHT, async (batch) => {
    signal?.throwIfAborted();
    const vectors = await embedder.embed(batch, { signal });
    batch.forEach((t, j) => known.set(t, Float32Array.from(vectors[j])));
    embedded += batch.length;
    onProgress({ stage: 'embed', done: embedded, total: missing.length, message: reused });
  });
  onProgress({ stage: 'embed', done: missing.length, total: missing.length });
  signal?.throwIfAborted();
  const sentenceVectors = sentenceTexts.map((t) => known.get(t)!);
  const dimensions = sentenceVectors[0].length;
  const chunkVectors: number[][] = [];
  let cursor = 0;
  for (const spans of sentences) {
    chunkVectors.push(meanVector(sentenceVectors.slice(cursor, cursor + spans.length), dimensions));
    cursor += spans.length;
  }
  const t3 = performance.now();

  await mkdir(indexRoot, { recursive: true });
  await removeStaleBuilds(indexRoot);
  const buildName = `build-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  const tmpDir = path.join(indexRoot, `.tmp-${buildName}`);
  await mkdir(tmpDir, { recursive: true });
  // A failed write (a full disk) removes its partial build, so it does not hold the space the live index may need.
  let manifest: IndexManifest;
  try {
    const files: IndexManifest['files'] = {};
    const write = async (name: string, data: Buffer | string) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      await writeFile(path.join(tmpDir, name), bytes);
      files[name] = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    };
    onProgress({ stage: 'write', done: 0, total: 5 });
    for (const [name, vecs] of [[INDEX_FILES.vectors, chunkVectors], [INDEX_FILES.sentenceIndex, sentenceVectors]] as const) {
      const file = path.join(tmpDir, name);
      await buildVectorStore(vecs.map((v) => Array.from(v)), { dimensions }).save(file);
      const bytes = await readFile(file);
      files[name] = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    }
    await write(INDEX_FILES.chunks, JSON.stringify(chunks));
    await write(INDEX_FILES.lexical, JSON.stringify(buildLexicalIndex(chunks.map((c) => c.text)).toJSON()));
    await write(INDEX_FILES.sentences, JSON.stringify(sentences));
    await write(INDEX_FILES.tables, JSON.stringify(tables));
    await write(INDEX_FILES.embeddingInputs, JSON.stringify(sentenceTexts));
    const flat = new Float32Array(sentenceVectors.length * dimensions);
    sentenceVectors.forEach((v, i) => flat.set(v, i * dimensions));
    await write(INDEX_FILES.sentenceVectors, Buffer.from(flat.buffer));
    const byKind: Record<ChunkKind, number> = { prose: 0, 'table-row': 0, footnote: 0, caption: 0, 'front-matter': 0 };
    for (const c of chunks) byKind[c.kind]++;
    const tableRows = tables.reduce((n, t) => n + t.rows.length, 0);
    manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      embedder: { id: embedder.id, dimensions },
      corpusHash: corpusHash(paths, embedder.id),
      documents,
      counts: { chunks: chunks.length, sentences: sentenceVectors.length, byKind, tables: tables.length, tableRows },
      createdAt: new Date().toISOString(),
      files,
    };
    await writeFile(path.join(tmpDir, INDEX_FILES.manifest), JSON.stringify(manifest, null, 2));
    signal?.throwIfAborted();
    await options.beforeSwap?.();
    // Durable before live: every file and the folder reach the disk before CURRENT names them.
    for (const name of await readdir(tmpDir)) await fsyncPath(path.join(tmpDir, name));
    await fsyncPath(tmpDir);
  } catch (err) {
    await rm(tmpDir, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
  const finalDir = path.join(indexRoot, buildName);
  await rename(tmpDir, finalDir);
  await fsyncPath(indexRoot);
  const pointerTmp = path.join(indexRoot, `.${CURRENT_POINTER}.${process.pid}`);
  try {
    await writeFile(pointerTmp, `${buildName}\n`);
    await fsyncPath(pointerTmp);
  } catch (err) {
    // The pointer could not be written (disk full): the previous build stays live, this one is dropped.
    await rm(pointerTmp, { force: true }).catch(() => {});
    await rm(finalDir, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
  await rename(pointerTmp, path.join(indexRoot, CURRENT_POINTER));
  await fsyncPath(indexRoot);
  await removeStaleBuilds(indexRoot, buildName);
  onProgress({ stage: 'write', done: 5, total: 5 });
  const t4 = performance.now();
  return {
    manifest,
    dir: finalDir,
    warnings: allWarnings,
    timings: { loadMs: t1 - t0, chunkMs: t2 - t1, embedMs: t3 - t2, writeMs: t4 - t3, totalMs: t4 - t0 },
  };
}

/** fsync a file or folder (a folder's fsync makes the names of files created or renamed in it durable). */
async function fsyncPath(p: string): Promise<void> {
  const handle = await open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Remove abandoned temp folders of dead ingests and builds older than the live one (keeps `keep`). */
async function removeStaleBuilds(indexRoot: string, keep?: string): Promise<void> {
  const entries = await readdir(indexRoot, { withFileTypes: true });
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const tmp = /^\.tmp-build-.*-(\d+)$/.exec(e.name);
    if (tmp && !isAlive(Number(tmp[1]))) await rm(path.join(indexRoot, e.name), { recursive: true, force: true });
    else if (keep && e.name.startsWith('build-') && e.name !== keep) await rm(path.join(indexRoot, e.name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Longest caption label ("Appendix 12", "Table 3.1") before a row's caption title. */
const MAX_LABEL_CHARS = 40;

/**
 * What the encoder sees of a sentence. URLs carry no meaning for it but cost
 * many tokens; a table row's caption title repeats on every row of the
 * table, so only its head ("Bilateral joint security exercise", without
 * "between China and Central Asian states from 2002 to 2020") is kept —
 * BM25 and the answer still see the whole row.
 */
export function embeddingInput(chunk: Chunk, sentence: string): string {
  let text = sentence.replace(/https?:\/\/\S+|www\.\S+/g, ' ');
  if (chunk.kind === 'table-row' && chunk.row?.title) {
    const title = ` — ${chunk.row.title}.`;
    const at = text.indexOf(title);
    const head = chunk.row.title.split(/\s+between\s+/i)[0];
    if (at >= 0 && at <= MAX_LABEL_CHARS) text = `${text.slice(0, at)} — ${head}.${text.slice(at + title.length)}`;
  }
  return text.replace(/\s+/g, ' ').trim() || sentence;
}

/** Texts per embedder call during ingest. */
const EMBED_BATCH = 32;
/**
 * Embedder calls kept in flight at once: enough to keep every worker of the local
 * embedder busy (each takes half a call) and a remote API's round trips overlapping,
 * few enough not to trip an API's rate limit.
 */
const EMBED_CALLS_IN_FLIGHT = 4;

function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `task` over `items` with at most `limit` running at once; the first failure rejects, and no new task starts after it. */
async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      try {
        await task(items[next++]);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Unit-length mean of sentence vectors: the chunk's position in embedding space. */
function meanVector(vectors: Float32Array[], dimensions: number): number[] {
  const sum = new Array<number>(dimensions).fill(0);
  for (const v of vectors) for (let i = 0; i < dimensions; i++) sum[i] += v[i];
  return normalize(sum);
}

/** Embedded text → vector from the live build, when it was made by the same embedder. */
async function previousEmbeddings(indexRoot: string, embedderId: string): Promise<Map<string, Float32Array>> {
  const known = new Map<string, Float32Array>();
  try {
    const previous = await loadIndex(indexRoot, { id: embedderId, dimensions: 0 });
    const dims = previous.manifest.embedder.dimensions;
    const inputs = JSON.parse(await readFile(path.join(previous.dir, INDEX_FILES.embeddingInputs), 'utf8')) as string[];
    if (inputs.length * dims !== previous.sentenceVectors.length) return known;
    inputs.forEach((input, i) => known.set(input, previous.sentenceVectors.slice(i * dims, (i + 1) * dims)));
  } catch {
    // no usable previous index: embed everything
  }
  return known;
}
