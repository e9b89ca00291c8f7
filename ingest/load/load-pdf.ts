import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { PDFParse } from 'pdf-parse';
import { IngestError } from '../../src/core/errors.js';
import type { PageRange, SourceDocument } from './source-document.js';

/** The text of one PDF page. */
export interface PdfPage {
  num: number;
  text: string;
}

const PAGE_SEPARATOR = '\n\n';

/**
 * Extract the text of each page with pdf-parse 2.x. NUL characters (glyphs
 * without a Unicode mapping, e.g. the CJK footnotes of the bundled report) are
 * dropped so they never reach a chunk.
 */
export async function readPdfPages(path: string): Promise<PdfPage[]> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (cause) {
    throw new IngestError(`Cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  const parser = new PDFParse({ data });
  try {
    const result = await parser.getText();
    return result.pages.map((page) => ({ num: page.num, text: page.text.replace(/\u0000/g, '') }));
  } catch (cause) {
    throw new IngestError(`Cannot parse PDF ${path}: ${(cause as Error).message}`, { cause });
  } finally {
    await parser.destroy();
  }
}

/** Load a PDF: one text per page joined with blank lines, with each page's range recorded. */
export async function loadPdf(path: string): Promise<SourceDocument> {
  const pdfPages = await readPdfPages(path);
  let text = '';
  const pages: PageRange[] = [];
  for (const page of pdfPages) {
    if (text !== '') text += PAGE_SEPARATOR;
    const start = text.length;
    text += page.text;
    pages.push({ page: page.num, start, end: text.length });
  }
  if (text.trim() === '') throw new IngestError(`${path} has no extractable text (scanned PDF?); nothing to ingest.`);
  return { id: basename(path, extname(path)), source: basename(path), format: 'pdf', text, pages };
}
