import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Lexer } from 'marked';
import type { LoadedIndex } from '../../retrieval/load-index.js';
import { humaniseSourceName, titleCase } from '../../core/document-links.js';

/** One document a citation can open: what the reader sees, and (server side only) the file behind it. */
export interface CatalogueDocument {
  /** The id chunks carry (`chunk.document`), used in `/documents/:id`. */
  id: string;
  title: string;
  source: string;
  /** `pdf`: the file is served as is; `markdown` / `text`: rendered as a page. */
  type: 'pdf' | 'markdown' | 'text';
  /** Absolute path of the file served or rendered; never sent to clients. */
  file: string;
}

/** The documents of one loaded index, by id. */
export type DocumentCatalogue = ReadonlyMap<string, CatalogueDocument>;

const exists = (file: string) => access(file).then(() => true, () => false);

/** The first level-1 heading of a Markdown file, as plain text. */
async function markdownTitle(file: string): Promise<string | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const heading = Lexer.lex(text).find((t) => t.type === 'heading' && t.depth === 1);
  const plain = heading && 'text' in heading ? String(heading.text).replace(/[*_`]/g, '').trim() : '';
  return plain ? titleCase(plain) : undefined;
}

/**
 * Which files `/documents/:id` may serve: exactly the documents in the index
 * manifest (ids from its chunks), nothing a client names. A Markdown or text
 * file with a PDF of the same name beside it (the twin ingest took its pages
 * from) is served as that PDF, so `#page=N` opens the cited page.
 */
export async function buildDocumentCatalogue(index: Pick<LoadedIndex, 'manifest' | 'chunks'>): Promise<DocumentCatalogue> {
  const idBySource = new Map<string, string>();
  // Ingest may give chunks their document's title (from its metadata); the first one found is the document's.
  const chunkTitle = new Map<string, string>();
  for (const chunk of index.chunks) {
    if (!idBySource.has(chunk.source)) idBySource.set(chunk.source, chunk.document);
    const title = (chunk as { documentTitle?: unknown }).documentTitle;
    if (typeof title === 'string' && title.trim() && !chunkTitle.has(chunk.source)) chunkTitle.set(chunk.source, title.trim());
  }
  const catalogue = new Map<string, CatalogueDocument>();
  for (const doc of index.manifest.documents) {
    const id = idBySource.get(doc.source);
    if (!id || catalogue.has(id)) continue;
    const file = path.resolve(doc.path);
    const ext = path.extname(file).toLowerCase();
    const twin = path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.pdf`);
    const markdown = ext === '.md' || ext === '.markdown';
    let type: CatalogueDocument['type'];
    let served = file;
    if (ext === '.pdf') type = 'pdf';
    else if (await exists(twin)) [type, served] = ['pdf', twin];
    else type = markdown ? 'markdown' : 'text';
    // The title ingest recorded (manifest or chunks); otherwise a Markdown source's first heading, otherwise the file name made readable.
    const given = (doc as { title?: unknown }).title;
    const title =
      (typeof given === 'string' && given.trim()) || chunkTitle.get(doc.source) || (markdown ? await markdownTitle(file) : undefined) || humaniseSourceName(doc.source);
    catalogue.set(id, { id, title, source: doc.source, type, file: served });
  }
  return catalogue;
}
