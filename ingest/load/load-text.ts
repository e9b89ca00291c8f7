import { basename, extname } from 'node:path';
import { readTextFile } from './read-text-file.js';
import type { SourceDocument } from './source-document.js';

/** Load a plain-text file as-is; spans index the file's characters. */
export async function loadText(path: string): Promise<SourceDocument> {
  const text = await readTextFile(path);
  return { id: basename(path, extname(path)), source: basename(path), format: 'text', text, pages: [] };
}
