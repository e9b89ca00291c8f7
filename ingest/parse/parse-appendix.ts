import type { TableRow } from '../../src/core/types.js';
import { blockFrom, type Block } from './block.js';
import { cleanMarkdown } from './clean-markdown.js';
import { isCaption } from './detect-blocks.js';
import { formatNoInformation, formatTableRow } from './format-table-row.js';
import { sentenceCase } from './heading-text.js';
import { MappedTextBuilder } from './mapped-text.js';
import { normaliseCountry } from './normalise-country.js';
import { parseDate } from './parse-date.js';
import { isBlank, type SourceLine } from './source-lines.js';

/** One `## APPENDIX N. TITLE` section: its heading and the lines up to the next heading. */
export interface AppendixSection {
  number: number;
  /** Heading text without the `#`s, e.g. "APPENDIX 3. BILATERAL JOINT SECURITY EXERCISE ...". */
  heading: string;
  lines: SourceLine[];
}

const COUNTRY_HEADER = /^(kazakhstan|kyrgyzstan|tajikistan|turkmenistan|uzbekistan)(\s*-\s*china)?$/i;
const NO_INFORMATION = /^no public information available\.?$/i;
/** Label for Appendix 4's first column, whose printed header is the block name ("KYRGYZSTAN-CHINA"). */
const ACTIVITY_COLUMN = 'Activity';

/** "APPENDIX 6: DETAILS OF IN-CHINA ... OFFICIALS." → "Details of in-China ... officials". */
export function appendixTitle(heading: string): string {
  const title = heading.replace(/^\s*appendix\s+\d+\s*[.:]?\s*/i, '').replace(/[.\s]+$/, '');
  return sentenceCase(title);
}

/** Section path of an appendix's chunks, e.g. ["Appendix", "Appendix 3. Bilateral joint security exercise ..."]. */
export function appendixSection(number: number, title: string): string[] {
  return ['Appendix', `Appendix ${number}. ${title}`];
}

interface Cells {
  line: SourceLine;
  cells: string[];
}

/**
 * Turn an appendix's tab-separated lines into one block per data row. Country
 * header rows (`KYRGYZSTAN\tCHINA\tDATE\t...`, `Kazakhstan\tChina\tDate...`,
 * `UZBEKISTAN-CHINA\tTYPE\tDATE`) start a block and give its columns; rows
 * continue across blank lines. A transposed table (field names down the first
 * column, one program per column, as in Appendix 6) yields one row per column.
 * "No public information available" becomes a prose block, not a row.
 */
export function parseAppendix(section: AppendixSection): Block[] {
  const title = appendixTitle(section.heading);
  const path = appendixSection(section.number, title);
  const tabbed: Cells[] = [];
  const blocks: Block[] = [];
  for (const line of section.lines) {
    if (isBlank(line)) continue;
    if (!line.text.includes('\t')) {
      const note = cleanMarkdown(line.text, line.start);
      // Source notes such as "REPRINTED FROM NIVA YAU (2022), ..." read as captions.
      if (note.text) blocks.push(blockFrom(isCaption(note.text) || isAllUpper(note.text) ? 'caption' : 'prose', path, note));
      continue;
    }
    tabbed.push({ line, cells: line.text.split('\t').map((cell) => cleanMarkdown(cell, 0).text) });
  }
  const rows = isTransposed(tabbed) ? transposedRows(section.number, title, tabbed) : blockRows(section.number, title, tabbed);
  for (const { row, text, span, noInformation } of rows) {
    const mapped = new MappedTextBuilder().replace(text, span[0], span[1] - span[0]).build();
    blocks.push(blockFrom(noInformation ? 'prose' : 'table-row', path, mapped, { span, ...(row ? { row } : {}) }));
  }
  return blocks.sort((a, b) => a.span[0] - b.span[0]);
}

interface ParsedRow {
  row?: TableRow;
  text: string;
  span: [number, number];
  noInformation?: boolean;
}

function isHeader(cells: string[]): boolean {
  const filled = cells.filter(Boolean);
  if (COUNTRY_HEADER.test(cells[0]) && !filled.some((c) => NO_INFORMATION.test(c))) return true;
  return filled.length >= 2 && filled.every((c) => !/\p{Ll}/u.test(c)) && filled.some((c) => /^date$/i.test(c));
}

function isTransposed(rows: Cells[]): boolean {
  return rows.length >= 2 && !rows.some((r) => isHeader(r.cells)) && rows.every((r) => r.cells[0].length <= 30);
}

function blockRows(appendix: number, title: string, rows: Cells[]): ParsedRow[] {
  const out: ParsedRow[] = [];
  let columns: string[] | null = null;
  let country: string | null = null;
  for (const { line, cells } of rows) {
    const span: [number, number] = [line.start, line.end];
    const noInfo = cells.some((c) => NO_INFORMATION.test(c));
    if (noInfo) {
      if (COUNTRY_HEADER.test(cells[0])) country = normaliseCountry(cells[0]);
      out.push({ text: formatNoInformation(appendix, title, country), span, noInformation: true });
      continue;
    }
    if (isHeader(cells)) {
      country = COUNTRY_HEADER.test(cells[0]) ? normaliseCountry(cells[0]) : null;
      columns = cells.map((cell, i) => (i === 0 && /-\s*china$/i.test(cell) ? ACTIVITY_COLUMN : sentenceCase(cell)));
      continue;
    }
    if (!columns) continue; // rows before any header cannot be labelled
    const row = makeRow(appendix, title, country, columns, cells, line.number);
    out.push({ row, text: formatTableRow(row), span });
  }
  return out;
}

function transposedRows(appendix: number, title: string, rows: Cells[]): ParsedRow[] {
  const columns = rows.map((r) => r.cells[0]);
  const programs = Math.max(...rows.map((r) => r.cells.length)) - 1;
  const span: [number, number] = [rows[0].line.start, rows[rows.length - 1].line.end];
  const out: ParsedRow[] = [];
  for (let j = 1; j <= programs; j++) {
    const cells = rows.map((r) => r.cells[j] ?? '');
    if (cells.every((c) => c === '')) continue;
    const row = makeRow(appendix, title, null, columns, cells, rows[0].line.number);
    out.push({ row, text: formatTableRow(row, `Program ${j} of ${programs}`), span });
  }
  return out;
}

function makeRow(appendix: number, title: string, country: string | null, columns: string[], raw: string[], line: number): TableRow {
  const cells = columns.map((_, i) => (i === columns.length - 1 ? raw.slice(i).filter(Boolean).join(' ') : raw[i] ?? ''));
  const dateIndex = columns.findIndex((c) => /^date$/i.test(c));
  const date = dateIndex >= 0 ? parseDate(cells[dateIndex]) : undefined;
  return { appendix, title, country, columns: [...columns], cells, ...(date ? { date } : {}), line };
}

function isAllUpper(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}
