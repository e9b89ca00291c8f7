import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
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
 * index format version and embedder id. Equal hashes mean the index is fresh.
 */
export function corpusHash(paths: string[], embedderId: string): string {
  const hash = createHash('sha256').update(`format:${INDEX_FORMAT_VERSION}\nembedder:${embedderId}\n`);
  for (const file of [...paths].sort()) {
    for (const f of [file, pdfTwinOf(file)]) {
      if (!f) continue;
      hash.update(`${path.basename(f)}\n`).update(readFileSync(f));
    }
  }
  return hash.digest('hex');
}
