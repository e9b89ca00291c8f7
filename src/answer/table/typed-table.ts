import type { Chunk, TableRow } from '../../core/types.js';
import type { LoadedIndex } from '../../retrieval/load-index.js';
import { normaliseCountryName } from './countries.js';
import { parsePersonnel, type Personnel } from './personnel.js';

/** One appendix row with typed values, keeping the chunk it came from (for citations). */
export interface TypedRow {
  chunk: Chunk;
  row: TableRow;
  appendix: number;
  /** Central Asian country of the row's block (null in Appendix 2 and 6). */
  country: string | null;
  date: { year: number; month?: number } | null;
  /** People or agency on the Central Asian side (Appendix 1, 3, 5). */
  partner: string | null;
  /** People or agency on the Chinese side (Appendix 1, 3, 5). */
  china: string | null;
  /** Location as printed (Appendix 2 and 3). */
  location: string | null;
  /** Country of the location ("Otar, Kazakhstan" → Kazakhstan). */
  locationCountry: string | null;
  /** Participating states (Appendix 2), normalised; empty when the cell is blank. */
  participants: string[];
  personnel: Personnel | null;
  /** Type or category: "Education" (App. 4), "Equipment" from "Equipment: 30M RMB" (App. 5). */
  type: string | null;
  /** Stated value of a transfer ("$480,000", "30M RMB", "worth 6M USD"), when given. */
  value: string | null;
  /** The free-text cell: agenda, affairs discussed, activity, or the transfer description. */
  description: string | null;
  /** Every cell joined, for "text contains" filters. */
  text: string;
}

/** An appendix as a typed table. */
export interface Table {
  appendix: number;
  title: string;
  /** Column headers of the appendix's first block (blocks differ only by the country column's name). */
  columns: string[];
  rows: TypedRow[];
}

/** Tables by appendix number. */
export type Tables = Map<number, Table>;

const VALUE = /(?:\\?\$\s?[\d.,]+\s*[mk]?\b(?:\s*RMB)?|[\d.,]+\s*[MK]?\s*(?:RMB|USD)\b)/i;

/** Build typed tables from the index's table-row chunks, in source order. */
export function buildTables(chunks: readonly Chunk[]): Tables {
  const tables: Tables = new Map();
  for (const chunk of chunks) {
    if (chunk.kind !== 'table-row' || !chunk.row) continue;
    const row = chunk.row;
    let table = tables.get(row.appendix);
    if (!table) {
      table = { appendix: row.appendix, title: row.title, columns: genericColumns(row), rows: [] };
      tables.set(row.appendix, table);
    }
    table.rows.push(typeRow(chunk, row));
  }
  for (const table of tables.values()) table.rows.sort((a, b) => a.row.line - b.row.line || a.chunk.span[0] - b.chunk.span[0]);
  return tables;
}

const cache = new WeakMap<LoadedIndex, Tables>();

/** The typed tables of a loaded index, built once per index (a swapped-in index gets its own). */
export function tablesFor(index: LoadedIndex): Tables {
  let tables = cache.get(index);
  if (!tables) {
    tables = buildTables(index.chunks);
    cache.set(index, tables);
  }
  return tables;
}

function typeRow(chunk: Chunk, row: TableRow): TypedRow {
  const cell = (pattern: RegExp): string | null => {
    const i = row.columns.findIndex((c) => pattern.test(c));
    const value = i >= 0 ? row.cells[i]?.trim() : '';
    return value ? value : null;
  };
  const partnerIndex = row.columns.findIndex((c) => normaliseCountryName(c) !== null && normaliseCountryName(c) !== 'China');
  const partner = partnerIndex >= 0 ? row.cells[partnerIndex]?.trim() || null : null;
  const location = cell(/^location$/i);
  const rawType = cell(/^type$/i);
  const typeCell = rawType?.replace(/\\\$/g, '$') ?? null;
  // Appendix 5 types read "Category: details" ("Equipment: 30M RMB"); Appendix 4 types are a category already.
  const [category, details] = typeCell && typeCell.includes(':') ? [typeCell.slice(0, typeCell.indexOf(':')).trim(), typeCell.slice(typeCell.indexOf(':') + 1).trim()] : [typeCell, null];
  const valueMatch = typeCell ? VALUE.exec(typeCell) : null;
  return {
    chunk,
    row,
    appendix: row.appendix,
    country: row.country,
    date: row.date ?? null,
    partner: partner && !/^unknown$/i.test(partner) ? partner : null,
    china: nonUnknown(cell(/^china$/i)),
    location,
    locationCountry: location ? locationCountry(location) : null,
    participants: (cell(/participating/i) ?? '').split(',').map((s) => normaliseCountryName(s)).filter((s): s is string => !!s),
    personnel: parsePersonnel(cell(/size|personnel/i) ?? ''),
    type: category,
    value: valueMatch ? valueMatch[0].trim() : null,
    description: cell(/agenda|affairs|^activity$|^topics$/i) ?? details ?? (row.appendix === 5 ? category : null),
    text: row.cells.join(' | ').replace(/\\\$/g, '$'),
  };
}

function nonUnknown(value: string | null): string | null {
  return value && !/^unknown$/i.test(value) ? value : null;
}

/** "Otar, Kazakhstan" / "Symkent Kazakhstan" → Kazakhstan; a bare place name → null. */
function locationCountry(location: string): string | null {
  const words = location.split(/[,\s]+/).filter(Boolean);
  return words.length > 1 ? normaliseCountryName(words[words.length - 1]) : null;
}

function genericColumns(row: TableRow): string[] {
  return row.columns.map((c) => (normaliseCountryName(c) && normaliseCountryName(c) !== 'China' ? 'Central Asian side' : c));
}
