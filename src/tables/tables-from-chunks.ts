import type { Chunk } from '../core/types.js';
import type { CellValue, ColumnType, DocumentTable, TableColumn } from '../core/tables.js';

/**
 * Typed tables rebuilt from table-row chunks, for an index written before `tables.json`
 * existed. Column types are inferred the way ingest does (majority of non-missing cells).
 */
export function tablesFromChunks(chunks: readonly Chunk[]): DocumentTable[] {
  const byTitle = new Map<string, Chunk[]>();
  for (const c of chunks) if (c.kind === 'table-row' && c.row) byTitle.set(`${c.document}\u0000${c.row.title}`, [...(byTitle.get(`${c.document}\u0000${c.row.title}`) ?? []), c]);
  const tables: DocumentTable[] = [];
  for (const rows of byTitle.values()) {
    const first = rows[0];
    const grouped = rows.some((r) => r.row!.country);
    const headers = first.row!.columns;
    const raw = rows.map((r) => r.row!.cells.map((c) => clean(c)));
    const types: ColumnType[] = headers.map((_, i) => inferType(raw.map((cells) => cells[i] ?? null), rows.map((r) => r.row!)));
    const columns: TableColumn[] = [...(grouped ? [{ name: 'Group', type: 'text' as const, role: 'group' as const }] : []), ...headers.map((name, i) => ({ name, type: types[i] }))];
    const caption = first.section.at(-1) ?? first.row!.title;
    tables.push({
      id: `${first.document}#table-${tables.filter((t) => t.document === first.document).length + 1}`,
      document: first.document,
      caption,
      label: /^(\p{L}+\.?\s+\d+)[.:]/u.exec(caption)?.[1] ?? null,
      section: first.section,
      columns,
      rows: rows.map((chunk, r) => ({
        chunkId: chunk.id,
        page: chunk.page,
        line: chunk.row!.line,
        cells: [...(grouped ? [chunk.row!.country ? ({ type: 'text', text: chunk.row!.country } as CellValue) : null] : []), ...headers.map((_, i) => typed(raw[r][i] ?? null, types[i], chunk))],
      })),
    });
  }
  return tables;
}

function clean(cell: string | undefined): string | null {
  const t = (cell ?? '').replace(/<\/?b>|\*+/g, '').replace(/\\\$/g, '$').trim();
  return !t || /^(?:unknown|n\/a|—|-)$/i.test(t) ? null : t;
}

function inferType(cells: Array<string | null>, rows: Array<NonNullable<Chunk['row']>>): ColumnType {
  const present = cells.map((c, i) => ({ c, row: rows[i] })).filter((x): x is { c: string; row: NonNullable<Chunk['row']> } => x.c !== null);
  if (!present.length) return 'text';
  const dates = present.filter((x) => x.row.date && x.c.includes(String(x.row.date.year))).length;
  if (dates / present.length > 0.5) return 'date';
  const numbers = present.filter((x) => /^\(?\d[\d,]*/.test(x.c)).length;
  if (numbers / present.length > 0.5) return 'integer';
  const lists = present.filter((x) => x.c.split(',').length >= 3).length;
  if (lists / present.length > 0.5) return 'list';
  return 'text';
}

function typed(text: string | null, type: ColumnType, chunk: Chunk): CellValue | null {
  if (text === null) return null;
  if (type === 'date' && chunk.row!.date) {
    const { year, month } = chunk.row!.date;
    return { type: 'date', text, year, ...(month ? { month } : {}), precision: month ? 'month' : 'year' };
  }
  if (type === 'integer') {
    const m = /^\(?(\d[\d,]*)/.exec(text);
    if (m) return { type: 'integer', text, number: Number(m[1].replace(/,/g, '')) };
  }
  if (type === 'list') return { type: 'list', text, items: text.split(',').map((s) => s.trim()).filter(Boolean) };
  return { type: 'text', text };
}
