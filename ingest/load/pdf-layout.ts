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
          if (x - current.end > size * 1.5) current.gapped = true;
          current.text += (x - current.end > size * 0.15 && !current.text.endsWith(' ') ? ' ' : '') + item.str;
          current.end = x + item.width;
          if (size > current.size * 1.2 || size < current.size * 0.8) current.size = Math.max(current.size, size);
        } else {
          if (current) lines.push(current);
          current = { page: p, y, size, family, text: item.str, end: x + item.width, gapped: false };
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
    return found.map((h) => ({ text: h.text.replace(/\s+/g, ' '), level: Math.min(sizes.indexOf(h.size) + 1, MAX_LEVELS), page: h.page }));
  } finally {
    await doc.destroy();
  }
}
