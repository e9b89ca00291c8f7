import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { PDFParse } from 'pdf-parse';
import { IngestError } from '../../src/core/errors.js';
import { readPdfHeadings } from './pdf-layout.js';
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

/** Title and author from a PDF's info dictionary (empty when it has none or cannot be read). */
async function readPdfInfo(data: Buffer): Promise<NonNullable<SourceDocument['info']>> {
  const parser = new PDFParse({ data });
  try {
    const { info } = await parser.getInfo();
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const out: NonNullable<SourceDocument['info']> = {};
    const title = text(info?.Title);
    const author = text(info?.Author);
    if (title) out.title = title;
    if (author) out.author = author;
    return out;
  } catch {
    return {};
  } finally {
    await parser.destroy();
  }
}

/**
 * Load a PDF without a text twin: one text per page joined with blank lines,
 * each page's range recorded, headings recovered from the layout (font sizes
 * and families, via pdf.js) and title/author from the info dictionary.
 */
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
  if (text.trim() === '') {
    throw new IngestError(`${path} has no text layer (a scanned PDF?); nothing to ingest. Run it through OCR (e.g. \`ocrmypdf in.pdf out.pdf\`) or supply a .md/.txt version.`);
  }
  const data = await readFile(path);
  const info = await readPdfInfo(data);
  let headings: SourceDocument['headings'];
  try {
    headings = (await readPdfHeadings(new Uint8Array(data))).map(({ text: heading, level }) => ({ text: heading, level }));
  } catch {
    headings = undefined; // layout unreadable: fall back to plain-text heading rules
  }
  return { id: basename(path, extname(path)), source: basename(path), format: 'pdf', text, pages, ...(Object.keys(info).length ? { info } : {}), ...(headings?.length ? { headings } : {}) };
}
