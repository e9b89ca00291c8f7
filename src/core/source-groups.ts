import type { Citation } from './types.js';
import { documentIdOf } from './document-links.js';

/** One entry of an answer's source list: a single citation, or the rows of one table cited together. */
export type SourceEntry =
  | { type: 'single'; citation: Citation; documentId: string }
  | {
      type: 'rows';
      documentId: string;
      section: string;
      /** Short name of the table, e.g. "Appendix 1" (the section's numbered prefix), else the section's last part. */
      label: string;
      /** What the rows share beyond the table, e.g. the block they sit in; null when they differ. */
      group: string | null;
      pages: { first: number; last: number } | null;
      citations: Citation[];
      /** Each row's quote without the words every row repeats (table name, block). */
      rowTexts: string[];
    };

/** Sentence-like pieces of a quote: "A — B. C–D. E: f; g." → ["A — B.", "C–D.", "E: f; g."]. */
function pieces(quote: string): string[] {
  return quote.split(/(?<=\.)\s+/);
}

/** The short name of a table section: its numbered head ("Appendix 1. Meetings…" → "Appendix 1"), else the whole last part. */
export function tableLabel(section: string): string {
  const last = section.split(' › ').at(-1) ?? section;
  const numbered = /^(.{1,40}?\d+[A-Za-z]?)\s*[.:—–-]\s+\S/.exec(last);
  return numbered ? numbered[1] : last;
}

/**
 * Group an answer's citations for the source list: table rows that share a
 * document and section become one entry (one source per table, every row
 * still reachable inside it); everything else stays one entry per citation.
 * Entries keep the order of their first citation.
 */
export function groupSources(citations: readonly Citation[]): SourceEntry[] {
  const rows = new Map<string, Citation[]>();
  for (const c of citations) {
    if (c.kind !== 'table-row') continue;
    const key = `${documentIdOf(c.chunkId)}\u0000${c.section}`;
    rows.set(key, [...(rows.get(key) ?? []), c]);
  }
  const entries: SourceEntry[] = [];
  const done = new Set<string>();
  for (const c of citations) {
    const key = `${documentIdOf(c.chunkId)}\u0000${c.section}`;
    const group = c.kind === 'table-row' ? rows.get(key) : undefined;
    if (!group || group.length < 2) {
      entries.push({ type: 'single', citation: c, documentId: documentIdOf(c.chunkId) });
      continue;
    }
    if (done.has(key)) continue;
    done.add(key);
    entries.push(rowsEntry(c.section, documentIdOf(c.chunkId), group));
  }
  return entries;
}

const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

function rowsEntry(section: string, documentId: string, citations: Citation[]): SourceEntry {
  const split = citations.map((c) => pieces(c.quote));
  // Leading pieces every row repeats (the table's name, the block the rows sit in).
  let common = 0;
  while (split.every((p) => p.length > common + 1 && p[common] === split[0][common])) common++;
  const title = letters(section.split(' › ').at(-1) ?? '');
  const shared = split[0].slice(0, common).map((p) => p.replace(/\.$/, ''));
  // A shared piece that only repeats the section's own name is not a group.
  const group = shared.filter((p) => !title.includes(letters(p)) && !letters(p).includes(title)).at(-1) ?? null;
  const pages = citations.map((c) => c.page).filter((p): p is number => p !== null);
  return {
    type: 'rows',
    documentId,
    section,
    label: tableLabel(section),
    group,
    pages: pages.length ? { first: Math.min(...pages), last: Math.max(...pages) } : null,
    citations,
    rowTexts: split.map((p) => p.slice(common).join(' ')),
  };
}

/** "p. 12", "pp. 27–28", or "" when unknown. */
export function pagesLabel(pages: { first: number; last: number } | null): string {
  if (!pages) return '';
  return pages.first === pages.last ? `p. ${pages.first}` : `pp. ${pages.first}–${pages.last}`;
}

/** The one-line name of a grouped source: "Table 2 · Peru–Chile · pp. 27–28 · 51 rows". */
export function rowsEntryLabel(entry: Extract<SourceEntry, { type: 'rows' }>): string {
  return [entry.label, entry.group, pagesLabel(entry.pages), `${entry.citations.length} rows`].filter(Boolean).join(' · ');
}
