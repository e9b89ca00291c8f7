import { el, icon, ICONS } from './dom.js';
import { csvFileName, toCsv, toTsv } from '../core/table-export.js';

/** A table answer's rows, as the widget keeps them. */
export interface TableData {
  title: string;
  columns: string[];
  rows: string[][];
}

export interface TableViewOptions {
  /** Rows shown before "Show all N rows". */
  previewRows?: number;
  /** Put text on the clipboard; resolves to whether it worked. */
  copy(text: string): Promise<boolean>;
  /** Tell the reader what happened (a live region). */
  announce(message: string): void;
  /** Show the whole table full width (an overlay); absent inside the overlay itself. */
  expand?(table: TableData): void;
}

const DEFAULT_PREVIEW = 8;

/** The table element: sticky header, cells that wrap at spaces but never inside a word. */
export function tableElement(table: TableData, rows: string[][] = table.rows): HTMLTableElement {
  return el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...table.columns.map((c) => el('th', { scope: 'col' }, el('div', { class: 'cell' }, c))))),
    // Each cell's text sits in a box of bounded width, so a column is as wide as its text up to that bound and the table scrolls sideways beyond.
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...table.columns.map((_, i) => el('td', {}, el('div', { class: 'cell' }, row[i] ?? '')))))),
  );
}

/** Copy / download buttons for a table, shared by the inline view and the expanded one. */
export function tableActions(table: TableData, options: Pick<TableViewOptions, 'copy' | 'announce'>): HTMLElement[] {
  const n = table.rows.length;
  const copyButton = (label: string, format: 'CSV' | 'TSV') => {
    const button = el('button', { class: 'tbtn', type: 'button', 'data-action': `copy-${format.toLowerCase()}` }, icon(...ICONS.copy), label);
    button.addEventListener('click', async () => {
      const text = format === 'CSV' ? toCsv(table.columns, table.rows) : toTsv(table.columns, table.rows);
      const ok = await options.copy(text);
      options.announce(ok ? `Copied ${n} ${n === 1 ? 'row' : 'rows'} as ${format}.` : 'Copying is not allowed here; use Download CSV instead.');
    });
    return button;
  };
  const download = el('button', { class: 'tbtn', type: 'button', 'data-action': 'download-csv' }, icon(...ICONS.download), 'Download CSV');
  download.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([toCsv(table.columns, table.rows)], { type: 'text/csv;charset=utf-8' }));
    const a = el('a', { href: url, download: csvFileName(table.title), hidden: true });
    download.after(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    options.announce(`Downloading ${n} ${n === 1 ? 'row' : 'rows'} as CSV.`);
  });
  return [copyButton('Copy CSV', 'CSV'), copyButton('Copy TSV', 'TSV'), download];
}

/**
 * A compact table answer: title and row count, the first rows with "Show all
 * N rows", horizontal scrolling instead of squeezed columns, and buttons to
 * expand it full width, copy it as CSV or TSV, or download it as CSV.
 */
export function tableView(table: TableData, options: TableViewOptions): HTMLElement {
  const preview = options.previewRows ?? DEFAULT_PREVIEW;
  const n = table.rows.length;
  let showingAll = n <= preview;
  const scroll = el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `Table: ${table.title || 'result'}` });
  const render = () => scroll.replaceChildren(tableElement(table, showingAll ? table.rows : table.rows.slice(0, preview)));
  render();
  const actions: HTMLElement[] = [];
  if (n > preview) {
    const more = el('button', { class: 'tbtn more', type: 'button', 'aria-expanded': 'false' }, `Show all ${n} rows`);
    more.addEventListener('click', () => {
      showingAll = !showingAll;
      more.textContent = showingAll ? `Show first ${preview} rows` : `Show all ${n} rows`;
      more.setAttribute('aria-expanded', String(showingAll));
      render();
    });
    actions.push(more);
  }
  if (options.expand) {
    const expand = el('button', { class: 'tbtn', type: 'button', 'data-action': 'expand', 'aria-haspopup': 'dialog' }, icon(...ICONS.expand), 'Expand');
    expand.addEventListener('click', () => options.expand?.(table));
    actions.push(expand);
  }
  actions.push(...tableActions(table, options));
  return el(
    'div',
    { class: 'table-card' },
    el('div', { class: 'table-head' }, el('span', { class: 'table-title' }, table.title || 'Result'), el('span', { class: 'table-count' }, `${n} ${n === 1 ? 'row' : 'rows'}`)),
    scroll,
    el('div', { class: 'table-actions' }, ...actions),
  );
}
