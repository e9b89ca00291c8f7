import { cleanMarkdown } from '../parse/clean-markdown.js';
import { sentenceCase, type CaseDictionary } from '../parse/heading-text.js';
import type { SourceLine } from '../parse/source-lines.js';
import type { RawTable, RawTableNote, RawTableRow } from './raw-table.js';

/** Name of a column whose printed header is the block's label (it differs from block to block). */
export const BLOCK_ENTRY_COLUMN = 'Entry';

/** One row of cells as found in the source (a tab-separated line, a pipe-table row, an HTML <tr>). */
export interface CellLine {
  cells: string[];
  span: [number, number];
  /** 1-based source line, or null. */
  line: number | null;
}

interface Line {
  source: CellLine;
  cells: string[];
  filled: number;
}

/** Transposed tables (one field per line) are short; longer blocks are read row-wise. */
const MAX_TRANSPOSED_FIELDS = 12;
const MAX_FIELD_NAME = 30;

/**
 * Read tab-separated lines as a table. The first line is the header. Later
 * lines that repeat the header except in one or two cells start a new block,
 * labelled by the cells that changed ("SOUTH | PARTNER | DATE" after
 * "NORTH | PARTNER | DATE"); a line with one filled cell followed by data
 * rows is a label line starting a block; a sparse line that is not followed
 * by data (a sentence across the table) is a note. A table whose first column
 * holds short, distinct field names over long values is transposed: one row
 * per column. Rows with more cells than the header keep the extra text in the
 * last column (and are reported as ragged).
 */
export function parseTabTable(lines: SourceLine[], dictionary: CaseDictionary): RawTable | null {
  const rows = lines
    .filter((l) => l.text.trim() !== '')
    .map((l): CellLine => ({ cells: l.text.split('\t').map((c) => cleanMarkdown(c, 0).text.trim()), span: [l.start, l.end], line: l.number }));
  return readTable(rows, dictionary, { transposable: true });
}

/**
 * Read rows of cells as a table (the rules of parseTabTable); the first row
 * is the header. `transposable` allows the field-per-row reading.
 */
export function readTable(cellLines: CellLine[], dictionary: CaseDictionary, options: { transposable: boolean }): RawTable | null {
  const rows: Line[] = cellLines.map((source) => {
    const cells = [...source.cells];
    while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
    return { source, cells, filled: cells.filter(Boolean).length };
  });
  if (rows.length < 2) return null;
  const header = rows[0];
  const width = Math.max(header.cells.length, 2);
  const varyingAt = repeatedHeaderPositions(rows, width);
  if (varyingAt === null && options.transposable && isTransposed(rows)) return transposed(rows, dictionary);

  const headerNames = (cells: string[]) => Array.from({ length: width }, (_, i) => sentenceCase(cells[i] ?? '', dictionary));
  const labelOf = (cells: string[]) => sentenceCase((varyingAt ?? []).map((i) => cells[i] ?? '').filter(Boolean).join(' '), dictionary);
  const isRepeat = (l: Line) => varyingAt !== null && repeatsHeader(header.cells, l.cells, width)?.join() === varyingAt.join();

  const out: RawTableRow[] = [];
  const notes: RawTableNote[] = [];
  const warnings: string[] = [];
  let group: string | null = varyingAt ? labelOf(header.cells) : null;
  let headers = headerNames(header.cells);
  const varying = new Map<number, Record<string, string>>();
  const noteVarying = (label: string | null, names: string[]) => {
    for (const i of varyingAt ?? []) {
      const map = varying.get(i) ?? {};
      if (label !== null) map[label] = names[i];
      varying.set(i, map);
    }
  };
  noteVarying(group, headers);
  let grouped = varyingAt !== null;
  const sparse = Math.max(1, Math.ceil(width / 3));
  for (let k = 1; k < rows.length; k++) {
    const line = rows[k];
    const span = line.source.span;
    if (isRepeat(line)) {
      group = labelOf(line.cells);
      headers = headerNames(line.cells);
      noteVarying(group, headers);
      continue;
    }
    if (width >= 3 && line.filled <= sparse) {
      const filled = line.cells.map((c, i) => ({ c, i })).filter((x) => x.c);
      const next = rows[k + 1];
      const nextIsData = next !== undefined && !isRepeat(next) && next.filled > sparse;
      if (filled.length === 1 && nextIsData && isLabelLike(filled[0].c)) {
        group = sentenceCase(filled[0].c, dictionary);
        grouped = true;
        continue;
      }
      if (!nextIsData || filled.length === 1) {
        // A block label in the label position followed by a sentence: that block has a note instead of rows.
        const labelCell = filled.length === 2 && varyingAt?.includes(filled[0].i) ? filled[0] : null;
        const noteGroup = labelCell ? sentenceCase(labelCell.c, dictionary) : group;
        const text = filled.filter((x) => x !== labelCell).map((x) => x.c).join(' ');
        notes.push({ group: noteGroup, text, span, line: line.source.line });
        continue;
      }
    }
    if (line.cells.length > width) warnings.push(`${line.source.line ? `line ${line.source.line}` : 'a row'} has ${line.cells.length} cells for ${width} columns; the extra text is kept in the last column`);
    const cells = Array.from({ length: width }, (_, i) => (i === width - 1 ? line.cells.slice(i).filter(Boolean).join(' ') : line.cells[i] ?? ''));
    out.push({ cells, group, headers: [...headers], span, line: line.source.line });
  }
  const columns = headerNames(header.cells).map((name, i) => (varyingAt?.includes(i) ? BLOCK_ENTRY_COLUMN : name || `Column ${i + 1}`));
  return { columns, varying: columns.map((_, i) => varying.get(i) ?? null), grouped: grouped || notes.some((n) => n.group !== null), rows: out, notes, warnings };
}

/** Positions where a later line repeats the header with different cells (the block label), or null when no line does. */
function repeatedHeaderPositions(rows: Line[], width: number): number[] | null {
  if (width < 3) return null;
  for (const line of rows.slice(1)) {
    const differ = repeatsHeader(rows[0].cells, line.cells, width);
    if (differ) return differ;
  }
  return null;
}

/** The positions where `cells` differs from `header`, when it repeats it otherwise (at most a third of the cells differ). */
function repeatsHeader(header: string[], cells: string[], width: number): number[] | null {
  const filled = cells.filter(Boolean).length;
  if (filled !== header.filter(Boolean).length) return null;
  const differ: number[] = [];
  for (let i = 0; i < width; i++) {
    if ((header[i] ?? '').toLowerCase() !== (cells[i] ?? '').toLowerCase()) differ.push(i);
  }
  return differ.length >= 1 && differ.length <= Math.floor(width / 3) ? differ : null;
}

function isLabelLike(text: string): boolean {
  return text.split(/\s+/).length <= 6 && !/[.!?]$/.test(text) && !/\d/.test(text);
}

function isTransposed(rows: Line[]): boolean {
  const first = rows.map((r) => r.cells[0] ?? '');
  const width = Math.max(...rows.map((r) => r.cells.length));
  if (width < 3 || rows.length > MAX_TRANSPOSED_FIELDS) return false;
  if (new Set(first.map((f) => f.toLowerCase())).size !== first.length) return false;
  if (!first.every((f) => f.length > 0 && f.length <= MAX_FIELD_NAME && /^\p{L}/u.test(f) && !/\d/.test(f) && !/[.!?]$/.test(f))) return false;
  const values = rows.flatMap((r) => r.cells.slice(1).filter(Boolean));
  const mean = (xs: string[]) => xs.reduce((s, x) => s + x.length, 0) / Math.max(1, xs.length);
  return mean(values) >= 2 * mean(first);
}

function transposed(rows: Line[], dictionary: CaseDictionary): RawTable {
  const columns = rows.map((r) => sentenceCase(r.cells[0], dictionary));
  const entries = Math.max(...rows.map((r) => r.cells.length)) - 1;
  const span: [number, number] = [rows[0].source.span[0], rows[rows.length - 1].source.span[1]];
  const out: RawTableRow[] = [];
  for (let j = 1; j <= entries; j++) {
    const cells = rows.map((r) => r.cells[j] ?? '');
    if (cells.every((c) => c === '')) continue;
    out.push({ cells, group: null, headers: columns, span, line: rows[0].source.line, label: `Column ${j} of ${entries}` });
  }
  return { columns, varying: columns.map(() => null), grouped: false, rows: out, notes: [], warnings: [] };
}
