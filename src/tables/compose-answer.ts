import { citationFor, type Answer, type Chunk, type Citation } from '../core/types.js';
import type { CellValue } from '../core/tables.js';
import { MONTH_NAMES } from '../core/words.js';
import type { QueryResult, ResultRow } from './run-query.js';
import type { ColumnFilter, QueryFilter } from './structured-query.js';
import type { LoadedTable } from './table-database.js';

/** Rows cited one by one; beyond this the answer gives the count and the `table` field carries every row. */
const MAX_CITED = 60;
/** Rows spelled out in the answer text. */
const MAX_LISTED = 25;

/** A prose sentence stating the same count, to show beside the table's (they may disagree). */
export interface ProseCount {
  chunk: Chunk;
  quote: string;
  value: number;
}

/**
 * Turn a query result into an answer that shows its work: the result first, then the query in
 * words, then the rows as citations (quote = the row's chunk text). Ties are listed as ties;
 * rows without the measured value are counted and said.
 */
export function composeTableAnswer(result: QueryResult, chunkOf: (id: string) => Chunk | undefined, prose?: ProseCount | null, notes: readonly Chunk[] = []): Answer {
  const { table, query, target } = result;
  const name = tableName(table);
  const where = describeFilters(query.filters);
  const citations: Citation[] = [];
  const cite = (chunk: Chunk | undefined, quote?: string): string => {
    if (!chunk) return '';
    const q = quote ?? chunk.text;
    const existing = citations.find((c) => c.chunkId === chunk.id && c.quote === q);
    if (existing) return ` [${existing.n}]`;
    citations.push(citationFor(citations.length + 1, chunk, q));
    return ` [${citations.length}]`;
  };
  const listRows = (rows: ResultRow[]): string => {
    const cited = rows.slice(0, MAX_CITED);
    const shown = cited.slice(0, MAX_LISTED).map((r) => `${summarise(table, r)}${cite(chunkOf(r.row.chunkId))}`);
    const rest = cited.slice(MAX_LISTED).map((r) => cite(chunkOf(r.row.chunkId)).trim());
    let text = shown.join('; ');
    if (rest.length) text += `; and ${rows.length - MAX_LISTED} more ${rest.join('')}`;
    if (rows.length > MAX_CITED) text += ` (the first ${MAX_CITED} are cited; the table field lists all ${rows.length})`;
    return text;
  };
  const rowsWord = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;
  const among = `${rowsWord(result.count)} of ${name}${where ? ` ${where}` : ''}`;
  const missing = (what: string) => (result.missing ? ` ${target?.name ?? what} unknown for ${result.missing} of them.` : '');
  const targetName = target?.name ?? '';
  let answer: string;
  let abstained = false;
  if (result.count === 0) {
    answer = `${name} has no rows${where ? ` ${where}` : ''}. I searched all ${table.table.rows.length} rows of ${name}.`;
    for (const note of notes) answer += ` ${name} notes: "${note.text}"${cite(note)}`;
  } else {
    switch (query.operation) {
      case 'count':
        answer = `${name} lists ${rowsWord(result.count)}${where ? ` ${where}` : ''}: ${listRows(result.rows)}.`;
        break;
      case 'list':
        answer = `${name} lists ${rowsWord(result.count)}${where ? ` ${where}` : ''}: ${listRows(result.rows)}.`;
        break;
      case 'lookup': {
        const values = [...new Set(result.rows.map((r) => cellText(target ? r.row.cells[target.index] : null)))];
        if (target && values.every((v) => v === '')) {
          // The row is there but the asked cell is blank, a dash or "unknown": the report does not give it.
          abstained = true;
          answer = `The report does not give the ${targetName} there: ${name} leaves it empty or unknown in the ${among}: ${listRows(result.rows)}.`;
          break;
        }
        answer = `${targetName}: ${values.filter(Boolean).join('; ')} (from ${among}): ${listRows(result.rows)}.`;
        break;
      }
      case 'earliest':
      case 'latest':
      case 'min':
      case 'max': {
        const word = { earliest: 'earliest', latest: 'latest', min: 'smallest', max: 'largest' }[query.operation];
        if (!result.rows.length) {
          answer = `None of the ${among} has a ${targetName}.`;
          break;
        }
        const value = cellText(target ? result.rows[0].row.cells[target.index] : null);
        const tie = result.rows.length > 1 ? ` (a tie: ${result.rows.length} rows)` : '';
        answer = `The ${word} ${targetName} among the ${among} is ${value}${tie}: ${listRows(result.rows)}.${missing(targetName)}`;
        break;
      }
      case 'sum':
        answer = result.known
          ? `${targetName} totals ${formatNumber(result.value ?? 0)} over the ${rowsWord(result.known)} that state it, of the ${among}: ${listRows(result.rows)}.${missing(targetName)}`
          : ((abstained = true), `The report does not give the ${targetName} there: ${name} leaves it empty or unknown in the ${among}: ${listRows(result.rows)}.`);
        break;
      case 'count_per_group':
      case 'argmax_group': {
        const groups = result.groups ?? [];
        const keys = groups.map((g) => `${groupLabel(table, result, g.key)}: ${g.count}`).join(', ');
        const top = groups.filter((g) => g.count === groups[0]?.count);
        const topText = top.map((g) => groupLabel(table, result, g.key)).join(' and ');
        const most = top.length > 1 ? `${topText} tie for the most, with ${top[0].count} rows each` : top.length ? `${topText} has the most, with ${rowsWord(top[0].count)}` : 'No group has rows';
        answer =
          query.operation === 'argmax_group'
            ? `By ${targetName}, ${most}, of the ${among} (${keys}): ${listRows(result.rows)}.${missing(targetName)}`
            : `${name} lists ${rowsWord(result.count)}${where ? ` ${where}` : ''}; by ${targetName}: ${keys}. ${most}. Rows: ${listRows(result.rows)}.${missing(targetName)}`;
        break;
      }
    }
  }
  answer += ` Query: ${describeQuery(result)}.`;
  if (prose && query.operation === 'count') {
    const relation = prose.value === result.count ? "The report's text gives the same figure" : `The report's text gives a different figure (${prose.value}; the table has ${result.count} rows)`;
    answer += ` ${relation}: "${prose.quote}"${cite(prose.chunk, prose.quote)}`;
  }
  return {
    answer,
    abstained,
    citations,
    mode: 'table',
    table: {
      appendix: tableNumber(table),
      title: table.table.caption ?? table.table.section.at(-1) ?? table.table.id,
      columns: table.table.columns.map((c) => c.name),
      rows: result.rows.map((r) => r.row.cells.map(cellText)),
      id: table.table.id,
      query: query as unknown as Record<string, unknown>,
      sql: result.sql,
      params: result.params,
      chunkIds: result.rows.map((r) => r.row.chunkId),
    },
  };
}

/** The table's label ("Appendix 3"), else its caption, else its section. */
export function tableName(table: LoadedTable): string {
  return table.table.label ?? (table.table.caption ? `the table "${table.table.caption}"` : `the table in ${table.table.section.join(' › ') || table.table.document}`);
}

/** The number in the table's label ("Appendix 3" → 3), else its 1-based position in the document. */
function tableNumber(table: LoadedTable): number {
  const n = /(\d+)/.exec(table.table.label ?? '')?.[1];
  return n ? Number(n) : Number(/table-(\d+)$/.exec(table.table.id)?.[1] ?? 0);
}

/** The query in words: "count rows of Appendix 1 where Group is "North" and Date is after 2015". */
export function describeQuery(result: QueryResult): string {
  const { query, target } = result;
  const op = {
    lookup: `look up ${target?.name ?? 'the row'} in`,
    count: 'count rows of',
    list: 'list rows of',
    min: `smallest ${target?.name} in`,
    max: `largest ${target?.name} in`,
    earliest: `earliest ${target?.name} in`,
    latest: `latest ${target?.name} in`,
    sum: `sum of ${target?.name} over`,
    count_per_group: `count rows per ${target?.name} in`,
    argmax_group: `the ${target?.name} with the most rows in`,
  }[query.operation];
  const where = describeFilters(query.filters);
  return `${op} ${tableName(result.table)}${where ? ` ${where}` : ''}`;
}

/** Filters in words, e.g. `where Group is "North" and Date is in 2019`. */
export function describeFilters(filters: readonly QueryFilter[]): string {
  if (!filters.length) return '';
  return `where ${filters.map((f) => ('any' in f ? `(${f.any.map(describeFilter).join(' or ')})` : describeFilter(f))).join(' and ')}`;
}

function describeFilter(f: ColumnFilter): string {
  const v = (x: unknown) => (typeof x === 'number' ? String(x) : `"${String(x)}"`);
  switch (f.op) {
    case 'eq':
      return `${f.column} is ${v(f.value)}`;
    case 'contains':
      return `${f.column} mentions ${v(f.value)}`;
    case 'in':
      return `${f.column} is one of ${f.values!.map(v).join(', ')}`;
    case 'gt':
      return `${f.column} is more than ${v(f.value)}`;
    case 'gte':
      return `${f.column} is ${v(f.value)} or later/more`;
    case 'lt':
      return `${f.column} is less than ${v(f.value)}`;
    case 'lte':
      return `${f.column} is ${v(f.value)} or earlier/less`;
    case 'before':
      return `${f.column} is before ${v(f.value)}`;
    case 'after':
      return `${f.column} is after ${v(f.value)}`;
    case 'between':
      return `${f.column} is between ${v(f.values![0])} and ${v(f.values![1])}`;
    case 'is_null':
      return `${f.column} is not stated`;
    case 'not_null':
      return `${f.column} is stated`;
  }
}

/** One row in a few words: its cells as printed, long ones shortened. */
export function summarise(table: LoadedTable, r: ResultRow): string {
  const parts = table.table.columns
    .map((c, i) => ({ c, text: cellText(r.row.cells[i] ?? null) }))
    .filter((p) => p.text)
    .map((p) => (p.text.length > 90 ? `${p.text.slice(0, 87).replace(/\s+\S*$/, '')}…` : p.text));
  return parts.join(', ');
}

function groupLabel(table: LoadedTable, result: QueryResult, key: string): string {
  const target = result.target;
  if (!target || target.type !== 'list') return key;
  // List items are grouped in folded form; show them as printed.
  for (const row of table.table.rows) {
    const cell = row.cells[target.index];
    if (cell?.type === 'list') for (const item of cell.items) if (item.toLowerCase() === key || foldSimple(item) === key) return item;
  }
  return key;
}

function foldSimple(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** A cell as printed; dates without a printed form are spelled out. */
export function cellText(cell: CellValue | null | undefined): string {
  if (!cell) return '';
  if (cell.text) return cell.text;
  if (cell.type === 'date') return cell.month ? `${capitalise(MONTH_NAMES[cell.month - 1])} ${cell.year}` : String(cell.year);
  return '';
}

function capitalise(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(2);
}
