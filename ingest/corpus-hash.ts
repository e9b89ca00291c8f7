import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { INDEX_FORMAT_VERSION } from '../src/retrieval/index-format.js';

/** The PDF beside a Markdown/text file with the same stem, used for page numbers. */
export function pdfTwinOf(file: string): string | null {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.md' && ext !== '.markdown' && ext !== '.txt') return null;
  const twin = file.slice(0, -ext.length) + '.pdf';
  return existsSync(twin) ? twin : null;
}

/**
 * Identity of what an index is built from: corpus bytes (with PDF twins),
 * the ingest code that turns them into chunks, index format version and
 * embedder id. Equal hashes mean the index is fresh.
 */
export function corpusHash(paths: string[], embedderId: string): string {
  const hash = createHash('sha256').update(`format:${INDEX_FORMAT_VERSION}\nembedder:${embedderId}\npipeline:${pipelineHash()}\n`);
  for (const file of [...paths].sort()) {
    for (const f of [file, pdfTwinOf(file)]) {
      if (!f) continue;
      hash.update(`${path.basename(f)}\n`).update(readFileSync(f));
    }
  }
  return hash.digest('hex');
}

let cachedPipelineHash: string | undefined;

/** Hash of the source of the load/parse/chunk stages: changing how chunks are made makes an index stale. */
function pipelineHash(): string {
  if (cachedPipelineHash) return cachedPipelineHash;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const files = [path.join(here, 'build-index.ts'), path.join(here, '../src/core/sentences.ts'), path.join(here, '../src/core/months.ts')];
  for (const dir of ['load', 'parse', 'chunk', 'tables']) {
    const full = path.join(here, dir);
    if (existsSync(full)) files.push(...readdirSync(full).filter((f) => /\.[cm]?[jt]s$/.test(f)).sort().map((f) => path.join(full, f)));
  }
  const hash = createHash('sha256');
  for (const f of files) if (existsSync(f)) hash.update(readFileSync(f));
  return (cachedPipelineHash = hash.digest('hex'));
}
