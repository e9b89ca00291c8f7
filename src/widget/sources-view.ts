import type { Citation } from '../core/types.js';
import { sectionAnchor } from '../core/document-links.js';
import { el, icon, ICONS } from './dom.js';
import { groupSources, pagesLabel, rowsEntryLabel, type SourceEntry } from '../core/source-groups.js';
import { documentTitle, type DocumentDirectory } from './widget-api.js';

/** A citation as the widget receives it: the contract's fields, plus a document title when the server sends one. */
export type WidgetCitation = Citation & { title?: string };

export interface SourcesViewOptions {
  citations: WidgetCitation[];
  directory: DocumentDirectory;
  /** The element id a citation's chip points at. */
  idFor(n: number): string;
}

/** Where a source opens: the PDF at its page, or the rendered page at its section; null when the server cannot open it. */
export function sourceUrl(directory: DocumentDirectory, documentId: string, section: string, page: number | null): string | null {
  const doc = directory.get(documentId);
  if (!doc) return null;
  if (doc.type === 'markdown') return `${doc.url}#${sectionAnchor(section)}`;
  if (doc.type === 'pdf' && page !== null) return `${doc.url}#page=${page}`;
  return doc.url;
}

function openLink(url: string | null, label: string, title: string): HTMLElement | null {
  if (!url) return null;
  return el('a', { class: 'open', href: url, target: '_blank', rel: 'noopener', title: `${label} of ${title} (opens in a new tab)` }, label, icon(...ICONS.external));
}

function singleSource(entry: Extract<SourceEntry, { type: 'single' }>, options: SourcesViewOptions): HTMLElement {
  const c = entry.citation as WidgetCitation;
  const title = documentTitle(c, options.directory, entry.documentId);
  const page = c.page === null ? '' : `p. ${c.page}`;
  const url = sourceUrl(options.directory, entry.documentId, c.section, c.page);
  return el(
    'details',
    { class: 'source', id: options.idFor(c.n), 'data-n': String(c.n) },
    el(
      'summary',
      { title: [c.section, page, title].filter(Boolean).join(' · ') },
      el('span', { class: 'n' }, `[${c.n}]`),
      el('span', { class: 'what' }, el('span', { class: 'where' }, c.section || title), el('span', { class: 'sub' }, el('span', { class: 'doc' }, title), page ? el('span', { class: 'page' }, page) : null)),
    ),
    el('blockquote', {}, c.quote),
    el('p', { class: 'meta' }, [c.section, page].filter(Boolean).join(' · '), ' ', openLink(url, page ? `Open ${page}` : 'Open', title)),
  );
}

function rowsSource(entry: Extract<SourceEntry, { type: 'rows' }>, options: SourcesViewOptions): HTMLElement {
  const first = entry.citations[0] as WidgetCitation;
  const title = documentTitle(first, options.directory, entry.documentId);
  const ns = entry.citations.map((c) => c.n);
  const pages = pagesLabel(entry.pages);
  const url = sourceUrl(options.directory, entry.documentId, entry.section, entry.pages?.first ?? null);
  const rows = entry.citations.map((c, i) =>
    el(
      'li',
      { id: options.idFor(c.n), class: 'row', 'data-n': String(c.n) },
      el('span', { class: 'n' }, `[${c.n}]`),
      el('span', { class: 'row-text' }, entry.rowTexts[i] || c.quote),
      c.page === null ? null : el('span', { class: 'page' }, `p. ${c.page}`),
    ),
  );
  const label = [entry.label, entry.group].filter(Boolean).join(' · ');
  const count = `${entry.citations.length} rows`;
  return el(
    'details',
    { class: 'source rows', 'data-n': ns.join(' ') },
    el(
      'summary',
      { title: `${rowsEntryLabel(entry)} · ${title}` },
      el('span', { class: 'n' }, `[${Math.min(...ns)}–${Math.max(...ns)}]`),
      el('span', { class: 'what' }, el('span', { class: 'where' }, label), el('span', { class: 'sub' }, el('span', { class: 'doc' }, title), el('span', { class: 'page' }, [pages, count].filter(Boolean).join(' · ')))),
    ),
    el('p', { class: 'meta' }, entry.section, ' ', openLink(url, pages ? `Open ${pages}` : "Open", title)),
    el('ol', { class: 'row-list', 'aria-label': `${count} of ${label}` }, ...rows),
  );
}

/**
 * An answer's sources: one entry per citation, except table rows of the same
 * table, which form one entry ("Appendix 1 · … · pp. 27–28 · 51 rows") with
 * each row inside it. Every entry shows the document's title, the section and
 * the page (never cut off), and links to the page or section it cites.
 */
export function sourcesView(options: SourcesViewOptions): HTMLElement {
  const entries = groupSources(options.citations);
  const items = entries.map((entry) => el('li', {}, entry.type === 'single' ? singleSource(entry, options) : rowsSource(entry, options)));
  return el('div', { class: 'sources' }, el('h3', { class: 'sources-title' }, 'Sources'), el('ol', { class: 'source-list' }, ...items));
}

/** The answer with its sources as footnotes, for the clipboard. */
export function answerWithFootnotes(text: string, citations: WidgetCitation[], directory: DocumentDirectory): string {
  if (!citations.length) return text.trim();
  const lines = groupSources(citations).flatMap((entry) => {
    if (entry.type === 'single') {
      const c = entry.citation as WidgetCitation;
      const where = [documentTitle(c, directory, entry.documentId), c.section, c.page === null ? '' : `p. ${c.page}`].filter(Boolean).join(', ');
      return [`[${c.n}] ${where}: “${c.quote}”`];
    }
    const head = `${documentTitle(entry.citations[0] as WidgetCitation, directory, entry.documentId)}, ${rowsEntryLabel(entry)}`;
    return [head, ...entry.citations.map((c, i) => `  [${c.n}]${c.page === null ? '' : ` p. ${c.page}`}: ${entry.rowTexts[i] || c.quote}`)];
  });
  return `${text.trim()}\n\nSources\n${lines.join('\n')}\n`;
}
