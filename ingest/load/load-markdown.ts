import { basename, extname } from 'node:path';
import { readTextFile } from './read-text-file.js';
import type { SourceDocument } from './source-document.js';

/** Load a markdown file as-is (markup is cleaned later, per chunk, so spans stay exact). */
export async function loadMarkdown(path: string): Promise<SourceDocument> {
  const text = await readTextFile(path);
  return { id: basename(path, extname(path)), source: basename(path), format: 'markdown', text, pages: [] };
}
