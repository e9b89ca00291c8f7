import { access } from 'node:fs/promises';
import { extname, join, dirname, basename } from 'node:path';
import { IngestError } from '../../src/core/errors.js';
import { alignPages } from './align-pages.js';
import { loadMarkdown } from './load-markdown.js';
import { loadPdf, readPdfPages } from './load-pdf.js';
import { loadText } from './load-text.js';
import type { SourceDocument } from './source-document.js';

export type { SourceDocument, PageRange } from './source-document.js';

const LOADERS: Record<string, (path: string) => Promise<SourceDocument>> = {
  '.md': loadMarkdown,
  '.markdown': loadMarkdown,
  '.txt': loadText,
  '.pdf': loadPdf,
};

/** Share of PDF pages that must be found in the text before we trust a twin's page numbers. */
const MIN_TWIN_MATCH = 0.5;

/**
 * Load a document for ingest. Markdown and text files that have a PDF of the
 * same name beside them (`report.md` + `report.pdf`) get page ranges aligned
 * from the PDF, so their chunks can cite pages.
 */
export async function loadDocument(path: string): Promise<SourceDocument> {
  const extension = extname(path).toLowerCase();
  const loader = LOADERS[extension];
  if (!loader) {
    throw new IngestError(
      `Unsupported file type "${extension || '(none)'}" for ${path}; supported: ${Object.keys(LOADERS).join(', ')}.`,
    );
  }
  const doc = await loader(path);
  if (doc.format === 'pdf') return doc;

  const twin = join(dirname(path), `${basename(path, extname(path))}.pdf`);
  if (!(await exists(twin))) return doc;
  const pdfPages = await readPdfPages(twin);
  const { pages, matched } = alignPages(doc.text, pdfPages);
  if (pdfPages.length > 0 && matched / pdfPages.length < MIN_TWIN_MATCH) {
    throw new IngestError(
      `${twin} does not match ${path} (only ${matched} of ${pdfPages.length} pages found); remove or rename one of them.`,
    );
  }
  return { ...doc, pages };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
