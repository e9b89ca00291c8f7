import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A heading recovered from a PDF's layout: its text and level (1 = largest). */
export interface PdfHeading {
  text: string;
  level: number;
  page: number;
}

interface Line {
  page: number;
  y: number;
  size: number;
  family: string;
  text: string;
  /** Items on the line are far apart (a table row), not one run of text. */
  gapped: boolean;
  /** Runs of text separated by wide gaps, with their x position. */
  cells: Array<{ x: number; end: number; text: string }>;
}

/** A table found in a page's positioned text: its rows as tab-separated lines, and the page lines they replace. */
export interface PdfTable {
  page: number;
  /** The table's text as the page text shows it, one entry per printed line (for finding it there). */
  printed: string[];
  /** The rows, cells joined by tabs, wrapped header lines merged. */
  rows: string[];
}

/** What pdf.js's positioned text shows of a PDF's structure. */
export interface PdfLayout {
  headings: PdfHeading[];
  tables: PdfTable[];
}

/** A heading is at least this much larger than body text, or set in another font family. */
const LARGER = 1.08;
const MAX_HEADING_WORDS = 14;
/** Distinct heading sizes beyond this are folded into the deepest level. */
const MAX_LEVELS = 4;

/**
 * Headings of a PDF from its positioned text (pdf.js text items): lines set
 * larger than the body text, or in a different font family than the body at
 * body size or more, that are short and do not end like a sentence. Lines of
 * one heading that wraps are joined. Levels rank the headings' sizes.
 */
export async function readPdfHeadings(data: Uint8Array): Promise<PdfHeading[]> {
  return (await readPdfLayout(data)).headings;
}

/**
 * Headings (see readPdfHeadings) and tables of a PDF from pdf.js text items.
 * A table is a run of three or more lines whose text falls into the same
 * columns (runs separated by wide gaps, aligned at their left edge); header
 * cells that wrap onto extra lines are merged into one header row.
 */
export async function readPdfLayout(data: Uint8Array): Promise<PdfLayout> {
  const doc = await getDocument({ data, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const lines: Line[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      let current: (Line & { end: number }) | null = null;
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a, b, , , x, y] = item.transform as number[];
        const size = Math.round(Math.hypot(a, b) * 10) / 10;
        const family = content.styles[item.fontName]?.fontFamily ?? item.fontName;
        if (current && Math.abs(current.y - y) < size * 0.5) {
          const gap = x - current.end;
          if (gap > size * 1.5) current.gapped = true;
          current.text += (gap > size * 0.15 && !current.text.endsWith(' ') ? ' ' : '') + item.str;
          const last = current.cells[current.cells.length - 1];
          if (gap > size * 0.9) current.cells.push({ x, end: x + item.width, text: item.str });
          else {
            last.text += (gap > size * 0.15 && !last.text.endsWith(' ') ? ' ' : '') + item.str;
            last.end = x + item.width;
          }
          current.end = x + item.width;
          if (size > current.size * 1.2 || size < current.size * 0.8) current.size = Math.max(current.size, size);
        } else {
          if (current) lines.push(current);
          current = { page: p, y, size, family, text: item.str, end: x + item.width, gapped: false, cells: [{ x, end: x + item.width, text: item.str }] };
        }
      }
      if (current) lines.push(current);
      page.cleanup();
    }
    const weight = new Map<string, number>();
    for (const l of lines) weight.set(`${l.size}|${l.family}`, (weight.get(`${l.size}|${l.family}`) ?? 0) + l.text.length);
    const [bodyKey] = [...weight].sort((x, y) => y[1] - x[1])[0] ?? ['0|'];
    const [bodySizeText, bodyFamily] = bodyKey.split('|');
    const bodySize = Number(bodySizeText);
    const isHeading = (l: Line) =>
      !l.gapped &&
      /\p{L}/u.test(l.text) &&
      l.text.trim().split(/\s+/).length <= MAX_HEADING_WORDS &&
      !/[.,;]$/.test(l.text.trim()) &&
      (l.size >= bodySize * LARGER || (l.family !== bodyFamily && l.size >= bodySize * 0.99));
    const found: Array<{ text: string; size: number; page: number }> = [];
    let previous: Line | null = null;
    for (const l of lines) {
      if (isHeading(l)) {
        const last = found.at(-1);
        if (last && previous && isHeading(previous) && previous.page === l.page && previous.size === l.size && previous.y - l.y < l.size * 1.6) last.text += ` ${l.text.trim()}`;
        else found.push({ text: l.text.trim(), size: l.size, page: l.page });
      }
      previous = l;
    }
    const sizes = [...new Set(found.map((h) => h.size))].sort((x, y) => y - x);
    const headings = found.map((h) => ({ text: h.text.replace(/\s+/g, ' '), level: Math.min(sizes.indexOf(h.size) + 1, MAX_LEVELS), page: h.page }));
    return { headings, tables: findTables(lines) };
  } finally {
    await doc.destroy();
  }
}

/** Lines closer than this many line heights continue a table row (a wrapped cell). */
const WRAP_GAP = 1.25;

function findTables(lines: Line[]): PdfTable[] {
  const tables: PdfTable[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].cells.length < 2) {
      i++;
      continue;
    }
    // A run of lines on one page, each with 2+ cells or a short wrap line just under the previous one.
    let j = i + 1;
    while (
      j < lines.length &&
      lines[j].page === lines[i].page &&
      (lines[j].cells.length >= 2 || (lines[j - 1].y - lines[j].y < lines[j].size * WRAP_GAP * 1.2 && lines[j].text.length < 40 && j + 1 < lines.length && lines[j + 1].cells.length >= 2))
    )
      j++;
    const run = lines.slice(i, j);
    const full = run.filter((l) => l.cells.length >= 2);
    if (full.length >= 3) {
      const anchors = columnAnchors(full);
      if (anchors.length >= 2) tables.push(toTable(run, anchors));
    }
    i = j;
  }
  return tables;
}

/** Left edges shared by the rows' cells (within a few points), as column starts. */
function columnAnchors(rows: Line[]): number[] {
  const xs = rows.flatMap((r) => r.cells.map((c) => c.x)).sort((a, b) => a - b);
  const clusters: Array<{ x: number; n: number }> = [];
  for (const x of xs) {
    const last = clusters[clusters.length - 1];
    if (last && x - last.x < 6) last.n++;
    else clusters.push({ x, n: 1 });
  }
  return clusters.filter((c) => c.n >= Math.max(2, rows.length * 0.3)).map((c) => c.x);
}

function toTable(run: Line[], anchors: number[]): PdfTable {
  const column = (x: number) => {
    let k = 0;
    while (k + 1 < anchors.length && x >= anchors[k + 1] - 6) k++;
    return k;
  };
  const rows: string[][] = [];
  let previous: Line | null = null;
  for (const line of run) {
    const cells = new Array<string>(anchors.length).fill('');
    for (const c of line.cells) {
      const k = column(c.x);
      cells[k] = cells[k] ? `${cells[k]} ${c.text.trim()}` : c.text.trim();
    }
    const filled = cells.filter(Boolean).length;
    const wraps = previous !== null && previous.y - line.y < line.size * WRAP_GAP && filled < anchors.length - 1 && rows.length > 0;
    if (wraps) {
      const last = rows[rows.length - 1];
      cells.forEach((c, k) => {
        if (c) last[k] = last[k] ? `${last[k]} ${c}` : c;
      });
    } else rows.push(cells);
    previous = line;
  }
  return { page: run[0].page, printed: run.map((l) => l.text), rows: rows.map((r) => r.join('\t')) };
}
