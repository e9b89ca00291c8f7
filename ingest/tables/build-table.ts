import type { DocumentTable, TableColumn, TableRow } from '../../src/core/types.js';
import { blockFrom, type Block } from '../parse/block.js';
import { MappedTextBuilder } from '../parse/mapped-text.js';
import { inferColumnType, typedCell } from './parse-cell.js';
import type { RawTable } from './raw-table.js';

/** A table's caption: "Appendix 3. Bilateral joint …" → label "Appendix 3", title "Bilateral joint …", number 3. */
export interface TableCaption {
  /** The caption as shown (label and title). */
  text: string;
  label: string | null;
  title: string | null;
  number: number | null;
}

/** Name of the column made from block labels. */
export const GROUP_COLUMN = 'Group';

/** A DocumentTable before its rows are tied to chunk ids and pages (done once chunks are numbered). */
export interface DraftTable extends Omit<DocumentTable, 'id' | 'document' | 'rows' | 'notes'> {
  rows: Array<{ line: number | null; cells: DocumentTable['rows'][number]['cells'] }>;
  notes: Array<{ group: string | null; text: string }>;
}

/** Where a table-row block's row (or a note block's note) sits in its document's tables. */
export interface TableRef {
  table: number;
  row?: number;
  note?: number;
}

const CAPTION_LABEL = /^\s*((?:table|appendix|annex|exhibit|figure|schedule|chart)\s+(?:[A-Z]|\d+(?:\.\d+)*|[IVXLC]+))\b\s*[.:—–-]?\s*(.*?)\s*\.?\s*$/i;

/** Captions longer than this are prose that happens to start with "Table 2". */
const MAX_CAPTION = 240;

/** A line that captions a table: "Table 2. …", "Table 1: …", "Appendix 3: …", "Exhibit B — …" (emphasis already removed). */
export function isTableCaption(text: string): boolean {
  const m = CAPTION_LABEL.exec(text);
  return m !== null && text.length <= MAX_CAPTION && /^(table|appendix|annex|exhibit|schedule)\b/i.test(m[1]) && (/[.:—–-]/.test(text.slice(m[1].length, m[1].length + 3)) || m[2] === '');
}

/** Split a caption line into label and title; the label keeps its printed word ("Table 2", "Appendix 3"). */
export function parseCaption(text: string): TableCaption {
  const m = CAPTION_LABEL.exec(text);
  if (!m) return { text: text.trim().replace(/\.$/, ''), label: null, title: text.trim().replace(/\.$/, ''), number: null };
  const label = m[1].replace(/\s+/g, ' ');
  const title = m[2] || null;
  const num = /(\d+)(?:\.\d+)*$/.exec(label);
  return { text: title ? `${label}. ${title}` : label, label, title, number: num ? Number(num[1]) : null };
}

/**
 * Turn a found table into blocks and a typed table. Each row becomes a
 * table-row block whose text reads on its own — caption, block label, then
 * "Column: value" for every filled cell, values verbatim — and keeps the row
 * typed (chunk.row, as the current table router reads it). Notes printed in
 * the table become prose blocks with the same caption and label.
 */
export function buildTable(raw: RawTable, options: { caption: TableCaption | null; section: string[]; tableIndex: number }): { blocks: Block[]; table: DraftTable } {
  const { caption, section, tableIndex } = options;
  const lead = captionLead(caption, section);
  const columns: TableColumn[] = [];
  if (raw.grouped) columns.push({ name: GROUP_COLUMN, type: 'text', role: 'group' });
  raw.columns.forEach((name, i) => {
    const column: TableColumn = { name, type: inferColumnType(raw.rows.map((r) => r.cells[i])) };
    const headers = raw.varying[i];
    if (headers) column.headers = headers;
    columns.push(column);
  });
  const offset = raw.grouped ? 1 : 0;
  const dateColumn = columns.findIndex((c) => c.type === 'date' && c.role !== 'group');
  const blocks: Block[] = [];
  const rows: DraftTable['rows'] = [];
  raw.rows.forEach((row, r) => {
    const cells = [
      ...(raw.grouped ? [row.group ? { type: 'text' as const, text: row.group } : null] : []),
      ...row.cells.map((text, i) => typedCell(text, columns[i + offset].type)),
    ];
    rows.push({ line: row.line, cells });
    const date = dateColumn >= 0 ? cells[dateColumn] : null;
    const legacy: TableRow = {
      appendix: caption?.number ?? tableIndex + 1,
      title: caption?.title ?? caption?.text ?? section.at(-1) ?? '',
      country: row.group ? firstPart(row.group) : null,
      columns: [...row.headers],
      cells: [...row.cells],
      ...(date?.type === 'date' ? { date: date.month ? { year: date.year, month: date.month } : { year: date.year } } : {}),
      line: row.line ?? 0,
    };
    const text = formatRow(lead, row.group, row.headers, row.cells, row.label);
    const mapped = new MappedTextBuilder().replace(text, row.span[0], row.span[1] - row.span[0]).build();
    blocks.push({ ...blockFrom('table-row', section, mapped, { span: row.span, row: legacy }), table: { table: tableIndex, row: r } });
  });
  const notes: DraftTable['notes'] = [];
  raw.notes.forEach((note, n) => {
    notes.push({ group: note.group, text: note.text });
    const who = note.group ? `${note.group}: ` : '';
    const text = `${lead} ${who}${/[.!?]$/.test(note.text) ? note.text : `${note.text}.`}`;
    const mapped = new MappedTextBuilder().replace(text, note.span[0], note.span[1] - note.span[0]).build();
    blocks.push({ ...blockFrom('prose', section, mapped, { span: note.span }), table: { table: tableIndex, note: n } });
  });
  blocks.sort((a, b) => a.span[0] - b.span[0]);
  return {
    blocks,
    table: { caption: caption?.text ?? null, label: caption?.label ?? null, title: caption?.title ?? null, section: [...section], columns, rows, notes },
  };
}

/** "Appendix 3 — Bilateral joint ….", or the caption, or the section the table sits in. */
function captionLead(caption: TableCaption | null, section: string[]): string {
  const text = caption ? (caption.label && caption.title ? `${caption.label} — ${caption.title}` : caption.text) : `Table in ${section.join(' › ')}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The first part of a block label: "Upper basin–Delta" → "Upper basin". */
function firstPart(label: string): string {
  return label.split(/\s*[-–—/]\s*/)[0].trim() || label;
}

/**
 * The text a table row is retrieved and quoted by: caption, block label,
 * extra label, then every filled cell labelled with its header.
 * e.g. "Appendix 3 — Joint exercises … 2020. North. North: Border Guards; …; Location: Ridge Pass; …"
 */
export function formatRow(lead: string, group: string | null, headers: string[], cells: string[], label?: string): string {
  const parts = [lead];
  if (group) parts.push(/[.!?]$/.test(group) ? group : `${group}.`);
  if (label) parts.push(`${label}.`);
  const fields = headers
    .map((header, i) => (cells[i] ? `${header || `Column ${i + 1}`}: ${cells[i]}` : null))
    .filter((field): field is string => field !== null)
    .join('; ');
  if (fields) parts.push(/[.!?]["”’)]*$/.test(fields) ? fields : `${fields}.`);
  return parts.join(' ');
}
