import type { PdfPage } from './load-pdf.js';
import type { PageRange } from './source-document.js';

/** Lowercase alphanumerics (Latin, digits, Cyrillic) with each kept char's offset in the original. */
interface Normalised {
  text: string;
  offsets: number[];
}

function normalise(text: string): Normalised {
  let out = '';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    // NFKD + dropping combining marks folds "é" to "e" on both sides.
    for (const ch of text[i].normalize('NFKD').toLowerCase()) {
      if (/[a-z0-9а-яё]/.test(ch)) {
        out += ch;
        offsets.push(i);
      }
    }
  }
  return { text: out, offsets };
}

/** Where in the page text to take probes from, and how long they are: long probes first. */
const PROBE_OFFSETS = [0, 30, 60, 120, 240, 480, 960];
const PROBE_LENGTHS = [60, 30];
const MIN_PROBE = 16;

/** Result of aligning a PDF's pages onto another rendering of the same text. */
export interface PageAlignment {
  pages: PageRange[];
  /** How many pages were located by text (the rest were interpolated). */
  matched: number;
}

/**
 * Assign PDF page numbers to ranges of `text` (e.g. the markdown twin of the
 * PDF): each page's first normalised characters are searched in the
 * normalised text, moving forward only; pages whose start cannot be found are
 * placed proportionally between their located neighbours.
 */
export function alignPages(text: string, pdfPages: PdfPage[]): PageAlignment {
  const target = normalise(text);
  const starts: Array<number | null> = [];
  const lengths: number[] = [];
  let cursor = 0;
  let matched = 0;
  pdfPages.forEach((page, index) => {
    const norm = normalise(page.text).text;
    lengths.push(norm.length);
    if (index === 0) {
      starts.push(0);
      matched++;
      return;
    }
    const found = locate(target.text, norm, cursor);
    if (found === null) {
      starts.push(null);
      return;
    }
    starts.push(found);
    cursor = found;
    matched++;
  });
  fillGaps(starts, lengths, target.text.length);

  const charStarts = starts.map((s, i) => (i === 0 ? 0 : snapBack(text, toOffset(target, s as number, text.length))));
  const pages: PageRange[] = pdfPages.map((page, i) => ({
    page: page.num,
    start: charStarts[i],
    end: i + 1 < charStarts.length ? charStarts[i + 1] : text.length,
  }));
  return { pages: pages.filter((p) => p.end > p.start), matched };
}

function locate(haystack: string, page: string, from: number): number | null {
  for (const offset of PROBE_OFFSETS) {
    for (const length of PROBE_LENGTHS) {
      const probe = page.slice(offset, offset + length);
      if (probe.length < Math.min(MIN_PROBE, page.length) || probe.length === 0) continue;
      const at = haystack.indexOf(probe, from);
      if (at >= 0) return Math.max(from, at - offset);
    }
  }
  return null;
}

/** Interpolate unknown page starts by page length between the known ones. */
function fillGaps(starts: Array<number | null>, lengths: number[], total: number): void {
  let i = 0;
  while (i < starts.length) {
    if (starts[i] !== null) {
      i++;
      continue;
    }
    const before = i - 1;
    let after = i;
    while (after < starts.length && starts[after] === null) after++;
    const from = starts[before] as number;
    const to = after < starts.length ? (starts[after] as number) : total;
    const weights = lengths.slice(before, after);
    const sum = weights.reduce((a, b) => a + b, 0) || 1;
    let acc = 0;
    for (let k = i; k < after; k++) {
      acc += lengths[k - 1];
      starts[k] = Math.round(from + ((to - from) * acc) / sum);
    }
    i = after;
  }
}

function toOffset(norm: Normalised, index: number, fallback: number): number {
  return index < norm.offsets.length ? norm.offsets[index] : fallback;
}

/** Move a page start back over markup on the same line ("# ", "**") so it covers the whole token. */
function snapBack(text: string, offset: number): number {
  let at = offset;
  while (at > 0 && /[^\p{L}\p{N}\n]/u.test(text[at - 1])) at--;
  return at;
}
