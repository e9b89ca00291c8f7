import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { PDFParse } from 'pdf-parse';
import { IngestError } from '../../src/core/errors.js';
import { readPdfLayout, type PdfLayout } from './pdf-layout.js';
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
  return (await readPdf(path, false)).pages;
}

/** Pages (and, when asked, the info dictionary) of a PDF in one parse. */
async function readPdf(path: string, withInfo: boolean): Promise<{ pages: PdfPage[]; info: NonNullable<SourceDocument['info']>; data: Buffer }> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (cause) {
    throw new IngestError(`Cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    const result = await parser.getText();
    const pages = result.pages.map((page) => ({ num: page.num, text: page.text.replace(/\u0000/g, '') }));
    return { pages, info: withInfo ? await readPdfInfo(parser) : {}, data };
  } catch (cause) {
    throw pdfError(path, cause);
  } finally {
    await parser.destroy();
  }
}

/** Title and author from a PDF's info dictionary (empty when it has none or cannot be read). */
async function readPdfInfo(parser: PDFParse): Promise<NonNullable<SourceDocument['info']>> {
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
  }
}

/** A PDF that cannot be read, with what to do about it. */
function pdfError(path: string, cause: unknown): IngestError {
  const message = (cause as Error)?.message ?? String(cause);
  const name = (cause as Error)?.name ?? '';
  if (name === 'PasswordException' || /password|encrypt/i.test(message)) {
    return new IngestError(`${path} is encrypted (password-protected); nothing was ingested. Remove the password (e.g. \`qpdf --decrypt in.pdf out.pdf\`) and ingest the copy.`, { cause });
  }
  if (name === 'InvalidPDFException' || /invalid pdf|no pdf header|xref|unexpected end|bad|corrupt/i.test(message)) {
    return new IngestError(`${path} is not a readable PDF (truncated or damaged: ${message}); nothing was ingested. Download or export it again.`, { cause });
  }
  return new IngestError(`Cannot parse PDF ${path}: ${message}`, { cause });
}

/**
 * Load a PDF without a text twin: one text per page joined with blank lines,
 * each page's range recorded, headings recovered from the layout (font sizes
 * and families, via pdf.js) and title/author from the info dictionary.
 */
export async function loadPdf(path: string): Promise<SourceDocument> {
  const { pages: pdfPages, info, data } = await readPdf(path, true);
  let layout: PdfLayout | null = null;
  try {
    layout = await readPdfLayout(new Uint8Array(data));
  } catch {
    layout = null; // layout unreadable: plain-text heading rules, no positioned tables
  }
  let text = '';
  const pages: PageRange[] = [];
  for (const page of pdfPages) {
    if (text !== '') text += PAGE_SEPARATOR;
    const start = text.length;
    text += layout ? withTables(page.text, layout.tables.filter((t) => t.page === page.num)) : page.text;
    pages.push({ page: page.num, start, end: text.length });
  }
  if (text.trim() === '') {
    throw new IngestError(`${path} has no text layer (a scanned PDF?); nothing to ingest. Run it through OCR (e.g. \`ocrmypdf in.pdf out.pdf\`) or supply a .md/.txt version.`);
  }
  const headings = layout?.headings.map(({ text: heading, level }) => ({ text: heading, level }));
  return { id: basename(path, extname(path)), source: basename(path), format: 'pdf', text, pages, ...(Object.keys(info).length ? { info } : {}), ...(headings?.length ? { headings } : {}) };
}

/** The page text with each table's printed lines replaced by its rows as tab-separated lines (found by their letters and digits). */
function withTables(pageText: string, tables: PdfLayout['tables']): string {
  const lines = pageText.split('\n');
  const alnum = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  for (const table of tables) {
    const target = alnum(table.printed.join(''));
    if (!target) continue;
    search: for (let s = 0; s < lines.length; s++) {
      let got = '';
      for (let e = s; e < lines.length; e++) {
        got += alnum(lines[e]);
        if (got === target) {
          lines.splice(s, e - s + 1, ...table.rows);
          break search;
        }
        if (!target.startsWith(got) || got === '') break;
      }
    }
  }
  return lines.join('\n');
}
