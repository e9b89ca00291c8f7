import { TableQueryError } from '../core/errors.js';
import type { DocumentTableRow } from '../core/tables.js';
import type { ColumnFilter, QueryFilter, StructuredQuery } from './structured-query.js';
import type { LoadedTable, SqlColumn, TableDatabase } from './table-database.js';
import { foldText } from './text-fold.js';

/** Rows returned when the query sets no limit. */
export const DEFAULT_ROW_LIMIT = 200;

/** One result row: its SQL id and the document row (with its chunk id for citing). */
export interface ResultRow {
  rowId: number;
  row: DocumentTableRow;
}

/** What a query found. Counts and aggregates come from SQL; `rows` are the rows the answer rests on. */
export interface QueryResult {
  query: StructuredQuery;
  table: LoadedTable;
  /** The column the operation is about (measured, ordered by, grouped by, asked for). */
  target: SqlColumn | null;
  /** Rows that pass the filters. */
  count: number;
  /** The rows the answer rests on: the matches, or the extreme ones (ties all included), in source order. */
  rows: ResultRow[];
  /** min/max/sum: the number; earliest/latest: the date key. */
  value?: number | null;
  /** Matched rows with a value in the target column, and without one (left out of min/max/sum/earliest/latest). */
  known?: number;
  missing?: number;
  /** count_per_group / argmax_group: group key and row count, largest first. */
  groups?: Array<{ key: string; count: number }>;
  /** The SQL run (parameterised; values are in `params`). */
  sql: string;
  params: unknown[];
}

interface Where {
  sql: string;
  params: unknown[];
}

/**
 * Compile a validated query to parameterised SQL and run it. Table and column names are
 * resolved against the database (never pasted from the query); every value is a parameter.
 * Throws TableQueryError for an unknown table or column or an operation the column cannot take.
 */
export function runQuery(db: TableDatabase, query: StructuredQuery): QueryResult {
  const table = db.table(query.table);
  if (!table) throw new TableQueryError(`No table "${query.table}". Tables: ${db.tables.map((t) => t.table.id).join(', ')}.`);
  const limit = query.limit ?? DEFAULT_ROW_LIMIT;
  const where = combine(query.filters.map((f) => compileFilter(table, f)));
  const t = table.sql;
  const statements: string[] = [];
  const all = (sql: string, params: unknown[]) => {
    statements.push(sql);
    return db.all(sql, params);
  };
  const rowsOf = (records: Array<Record<string, unknown>>): ResultRow[] =>
    records.map((r) => Number(r.row_id)).map((rowId) => ({ rowId, row: table.rowById(rowId)! }));
  const count = Number(all(`SELECT COUNT(*) AS n FROM ${t} WHERE ${where.sql}`, where.params)[0].n);
  const base = { query, table, count, params: where.params };
  const finish = (r: Omit<QueryResult, 'sql' | 'query' | 'table' | 'count' | 'params'>): QueryResult => ({ ...base, ...r, sql: statements.join(';\n') });

  switch (query.operation) {
    case 'count':
    case 'list':
    case 'lookup': {
      const target = query.column ? column(table, query.column) : null;
      return finish({ target, rows: rowsOf(all(`SELECT row_id FROM ${t} WHERE ${where.sql} ORDER BY row_id LIMIT ?`, [...where.params, limit])) });
    }
    case 'earliest':
    case 'latest':
    case 'min':
    case 'max': {
      const dated = query.operation === 'earliest' || query.operation === 'latest';
      const target = query.column ? column(table, query.column) : defaultColumn(table, dated ? ['date'] : ['integer', 'decimal', 'money'], query.operation);
      if (dated ? target.type !== 'date' : !isNumeric(target)) throw new TableQueryError(`"${query.operation}" needs a ${dated ? 'date' : 'number'} column; "${target.name}" is ${target.type}.`);
      const v = dated ? target.dateKey : target.number;
      const agg = query.operation === 'earliest' || query.operation === 'min' ? 'MIN' : 'MAX';
      const stats = all(`SELECT ${agg}(${v}) AS value, COUNT(${v}) AS known FROM ${t} WHERE ${where.sql}`, where.params)[0];
      const value = stats.value === null ? null : Number(stats.value);
      const rows = value === null ? [] : rowsOf(all(`SELECT row_id FROM ${t} WHERE ${where.sql} AND ${v} = ? ORDER BY row_id LIMIT ?`, [...where.params, value, limit]));
      const known = Number(stats.known);
      return finish({ target, rows, value, known, missing: count - known });
    }
    case 'sum': {
      const target = query.column ? column(table, query.column) : defaultColumn(table, ['integer', 'decimal', 'money'], 'sum');
      if (!isNumeric(target)) throw new TableQueryError(`"sum" needs a number column; "${target.name}" is ${target.type}.`);
      const stats = all(`SELECT SUM(${target.number}) AS value, COUNT(${target.number}) AS known FROM ${t} WHERE ${where.sql}`, where.params)[0];
      const rows = rowsOf(all(`SELECT row_id FROM ${t} WHERE ${where.sql} AND ${target.number} IS NOT NULL ORDER BY row_id LIMIT ?`, [...where.params, limit]));
      const known = Number(stats.known);
      return finish({ target, rows, value: stats.value === null ? null : Number(stats.value), known, missing: count - known });
    }
    case 'count_per_group':
    case 'argmax_group': {
      const target = query.column ? column(table, query.column) : defaultColumn(table, ['date'], query.operation, true);
      const key = groupKey(target);
      const grouped = all(
        `SELECT k, COUNT(*) AS n FROM (SELECT ${key.expr} AS k FROM ${key.from(t)} WHERE ${where.sql}) WHERE k IS NOT NULL GROUP BY k ORDER BY n DESC, k`,
        where.params,
      );
      const groups = grouped.map((g) => ({ key: String(g.k), count: Number(g.n) }));
      const known = groups.length && target.type === 'list' ? Number(all(`SELECT COUNT(*) AS n FROM ${t} WHERE ${where.sql} AND ${target.text} IS NOT NULL`, where.params)[0].n) : groups.reduce((s, g) => s + g.count, 0);
      if (query.operation === 'count_per_group') {
        return finish({ target, groups, known, missing: count - known, rows: rowsOf(all(`SELECT row_id FROM ${t} WHERE ${where.sql} ORDER BY row_id LIMIT ?`, [...where.params, limit])) });
      }
      const top = groups.filter((g) => g.count === groups[0]?.count);
      const inTop = top.length ? `(${top.map(() => key.match).join(' OR ')})` : '0';
      const rows = rowsOf(all(`SELECT row_id FROM ${t} WHERE ${where.sql} AND ${inTop} ORDER BY row_id LIMIT ?`, [...where.params, ...top.map((g) => key.param(g.key)), limit]));
      return finish({ target, groups, known, missing: count - known, rows });
    }
  }
}

/** A column by its printed name (case and spacing ignored). */
export function column(table: LoadedTable, name: string): SqlColumn {
  // Case and runs of spaces only: punctuation is part of a name ("Size (in personnel)"), so "Group; --" names nothing.
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  const found = table.columns.find((c) => norm(c.name) === norm(name));
  if (!found) throw new TableQueryError(`Table "${table.table.id}" has no column "${name}". Columns: ${table.columns.map((c) => c.name).join(', ')}.`);
  return found;
}

function defaultColumn(table: LoadedTable, types: string[], operation: string, preferGroup = false): SqlColumn {
  const group = preferGroup ? table.columns.find((c) => c.role === 'group') : undefined;
  const found = group ?? table.columns.find((c) => types.includes(c.type) || (types.includes('integer') && c.numeric));
  if (!found) throw new TableQueryError(`"${operation}" needs a column; table "${table.table.id}" has no ${types.join(' or ')} column.`);
  return found;
}

function isNumeric(c: SqlColumn): boolean {
  return c.numeric;
}

function groupKey(c: SqlColumn): { expr: string; from: (t: string) => string; match: string; param: (key: string) => unknown } {
  if (c.type === 'date') return { expr: c.year, from: (t) => t, match: `${c.year} = ?`, param: Number };
  if (isNumeric(c)) return { expr: c.number, from: (t) => t, match: `${c.number} = ?`, param: Number };
  if (c.type === 'list') return { expr: 'je.value', from: (t) => `${t}, json_each(${t}.${c.items}) AS je`, match: `EXISTS (SELECT 1 FROM json_each(${c.items}) WHERE value = ?)`, param: String };
  return { expr: c.text, from: (t) => t, match: `${c.text} = ?`, param: String };
}

function combine(parts: Where[]): Where {
  return parts.length ? { sql: parts.map((p) => `(${p.sql})`).join(' AND '), params: parts.flatMap((p) => p.params) } : { sql: '1', params: [] };
}

function compileFilter(table: LoadedTable, filter: QueryFilter): Where {
  if ('any' in filter) {
    const parts = filter.any.map((f) => compileFilter(table, f));
    return { sql: parts.map((p) => `(${p.sql})`).join(' OR '), params: parts.flatMap((p) => p.params) };
  }
  const f = filter;
  const c = column(table, f.column);
  if (f.part === 'amount') {
    if (!c.hasMoney) throw new TableQueryError(`"${c.name}" mentions no sums of money.`);
    if (f.op === 'is_null' || f.op === 'not_null') return { sql: `${c.money} IS ${f.op === 'is_null' ? '' : 'NOT '}NULL`, params: [] };
    return numberFilter({ ...c, number: c.money }, f);
  }
  if (f.op === 'is_null') return { sql: `${c.text} IS NULL`, params: [] };
  if (f.op === 'not_null') return { sql: `${c.text} IS NOT NULL`, params: [] };
  if (c.type === 'date') return dateFilter(c, f);
  if (isNumeric(c) && f.op !== 'contains' && f.op !== 'eq' && f.op !== 'in') return numberFilter(c, f);
  if (isNumeric(c) && (f.op === 'eq' || f.op === 'in') && [f.value, ...(f.values ?? [])].every((v) => v === undefined || typeof v === 'number')) return numberFilter(c, f);
  const anyItem = (cond: string) => `EXISTS (SELECT 1 FROM json_each(${c.items}) WHERE ${cond})`;
  switch (f.op) {
    case 'eq':
      return { sql: anyItem('value = ?'), params: [foldText(String(f.value))] };
    case 'contains':
      return { sql: `${c.folded} LIKE ? ESCAPE '\\'`, params: [`%${escapeLike(containsValue(c, f.value))}%`] };
    case 'in':
      return { sql: anyItem(`value IN (${f.values!.map(() => '?').join(', ')})`), params: f.values!.map((v) => foldText(String(v))) };
    default:
      throw new TableQueryError(`"${f.op}" needs a number or date column; "${c.name}" is ${c.type}.`);
  }
}

function numberFilter(c: SqlColumn, f: ColumnFilter): Where {
  const num = (v: unknown): number => {
    const n = typeof v === 'number' ? v : Number(String(v).replace(/,/g, ''));
    if (!Number.isFinite(n)) throw new TableQueryError(`"${c.name}" holds numbers; "${String(v)}" is not one.`);
    return n;
  };
  const ops: Partial<Record<ColumnFilter['op'], string>> = { eq: '=', gt: '>', after: '>', gte: '>=', lt: '<', before: '<', lte: '<=' };
  if (f.op === 'between') return { sql: `${c.number} BETWEEN ? AND ?`, params: f.values!.map(num) };
  if (f.op === 'in') return { sql: `${c.number} IN (${f.values!.map(() => '?').join(', ')})`, params: f.values!.map(num) };
  return { sql: `${c.number} ${ops[f.op]} ?`, params: [num(f.value)] };
}

/** A date value's key range: "2019" covers 2019-00-00…2019-12-99, "2019-08" covers its month. */
export function dateRange(value: unknown): [number, number] {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(String(value).trim());
  if (!m) throw new TableQueryError(`Dates are written "YYYY", "YYYY-MM" or "YYYY-MM-DD"; "${String(value)}" is not one.`);
  const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null];
  const base = y * 10000 + (mo ?? 0) * 100;
  return [base + (d ?? 0), mo === null ? y * 10000 + 1299 : base + (d ?? 99)];
}

function dateFilter(c: SqlColumn, f: ColumnFilter): Where {
  const k = c.dateKey;
  if (f.op === 'contains') return { sql: `${c.folded} LIKE ? ESCAPE '\\'`, params: [`%${escapeLike(containsValue(c, f.value))}%`] };
  if (f.op === 'between') {
    const [from] = dateRange(f.values![0]);
    const [, to] = dateRange(f.values![1]);
    return { sql: `${k} BETWEEN ? AND ?`, params: [from, to] };
  }
  if (f.op === 'in') {
    const ranges = f.values!.map(dateRange);
    return { sql: ranges.map(() => `${k} BETWEEN ? AND ?`).join(' OR '), params: ranges.flat() };
  }
  const [from, to] = dateRange(f.value);
  switch (f.op) {
    case 'eq':
      return { sql: `${k} BETWEEN ? AND ?`, params: [from, to] };
    case 'before':
    case 'lt':
      return { sql: `${k} < ?`, params: [from] };
    case 'after':
    case 'gt':
      return { sql: `${k} > ?`, params: [to] };
    case 'gte':
      return { sql: `${k} >= ?`, params: [from] };
    default:
      return { sql: `${k} <= ?`, params: [to] };
  }
}

/** A "contains" value as matched (folded); one with no letters or digits would match every cell, so it is refused. */
function containsValue(c: SqlColumn, value: unknown): string {
  const folded = foldText(String(value));
  if (!folded) throw new TableQueryError(`"contains" on "${c.name}" needs letters or digits to look for; "${String(value)}" has none.`);
  return folded;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
