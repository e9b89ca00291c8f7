import Database from 'better-sqlite3';
import type { CellValue, ColumnType, DocumentTable, DocumentTableRow } from '../core/tables.js';
import { foldText } from './text-fold.js';

/**
 * How one document column is stored. Every column gets the same set of SQL columns, named by
 * position only (`c0`, `c0_n`, …), so nothing from the document or the question ever becomes
 * SQL text.
 */
export interface SqlColumn {
  /** Position in `DocumentTable.columns`. */
  index: number;
  name: string;
  type: ColumnType;
  role?: 'group';
  /** The cell as printed (null when missing). */
  text: string;
  /** Folded text for matching (lowercase, no accents, single spaces). */
  folded: string;
  /** Number, money amount, or the leading number of a text cell ("1200 (580 Chinese)" → 1200). */
  number: string;
  /** The first sum of money in the cell (a money cell's amount, or one mentioned in text: "Equipment: 30M RMB"). */
  money: string;
  /** Whether most of the column's cells hold a number: min/max/sum and thresholds apply. */
  numeric: boolean;
  /** Whether some of the column's cells mention a sum of money. */
  hasMoney: boolean;
  /** Sortable date key: year·10000 + month·100 + day (0 for unknown parts). */
  dateKey: string;
  year: string;
  /** JSON array of folded list items (list columns), else a one-item array of the folded text. */
  items: string;
}

/** A document table loaded into SQL: the table, its SQL name and column layout. */
export interface LoadedTable {
  table: DocumentTable;
  sql: string;
  columns: SqlColumn[];
  /** Rows by SQL row id (1-based position in `table.rows`). */
  rowById(id: number): DocumentTableRow | undefined;
}

/** The index's typed tables in an in-memory SQLite database, one SQL table per document table. */
export interface TableDatabase {
  readonly tables: readonly LoadedTable[];
  table(id: string): LoadedTable | undefined;
  /** Run a parameterised SELECT (statements are cached). */
  all(sql: string, params: readonly unknown[]): Array<Record<string, unknown>>;
  close(): void;
}

/** Build the database from the index's tables (synchronous: a few hundred rows load in milliseconds). */
export function createTableDatabase(tables: readonly DocumentTable[]): TableDatabase {
  const db = new Database(':memory:');
  const loaded: LoadedTable[] = [];
  tables.forEach((table, t) => {
    const sql = `t${t + 1}`;
    const columns: SqlColumn[] = table.columns.map((c, i) => ({
      index: i,
      name: c.name,
      type: c.type,
      ...(c.role ? { role: c.role } : {}),
      text: `c${i}`,
      folded: `c${i}_f`,
      number: `c${i}_n`,
      money: `c${i}_m`,
      numeric: isNumericColumn(table, i),
      hasMoney: table.rows.some((r) => moneyOf(r.cells[i] ?? null) !== null),
      dateKey: `c${i}_d`,
      year: `c${i}_y`,
      items: `c${i}_l`,
    }));
    const defs = columns.flatMap((c) => [`${c.text} TEXT`, `${c.folded} TEXT`, `${c.number} REAL`, `${c.money} REAL`, `${c.dateKey} INTEGER`, `${c.year} INTEGER`, `${c.items} TEXT`]);
    db.exec(`CREATE TABLE ${sql} (row_id INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL, line INTEGER, page INTEGER${defs.map((d) => `, ${d}`).join('')})`);
    const names = ['row_id', 'chunk_id', 'line', 'page', ...columns.flatMap((c) => [c.text, c.folded, c.number, c.money, c.dateKey, c.year, c.items])];
    const insert = db.prepare(`INSERT INTO ${sql} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
    db.transaction(() => {
      table.rows.forEach((row, r) => insert.run(r + 1, row.chunkId, row.line, row.page, ...columns.flatMap((c) => cellValues(row.cells[c.index] ?? null))));
    })();
    loaded.push({ table, sql, columns, rowById: (id) => table.rows[id - 1] });
  });
  const byId = new Map(loaded.map((t) => [t.table.id, t]));
  const statements = new Map<string, Database.Statement>();
  return {
    tables: loaded,
    table: (id) => byId.get(id),
    all(sql, params) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        if (statements.size < 1000) statements.set(sql, statement);
      }
      return statement.all(...params) as Array<Record<string, unknown>>;
    },
    close: () => db.close(),
  };
}

/** The cell's number: a number or money cell's value, or a text cell's leading number. */
export function numberOf(cell: CellValue | null): number | null {
  if (!cell) return null;
  if (cell.type === 'integer' || cell.type === 'decimal') return cell.number;
  if (cell.type === 'money') return cell.amount;
  if (cell.type === 'text' && typeof cell.leadingNumber === 'number') return cell.leadingNumber;
  if (cell.type === 'text') return boundNumber(cell.text);
  return null;
}

/**
 * A bound or an approximation stated as a cell ("Below 60%", "over 1,200 people", "about 40 m³/s"): the one number.
 * A cell with any other words around its number is text.
 */
const BOUND = /^(?:below|above|under|over|less than|more than|fewer than|up to|at least|at most|about|around|approximately|approx\.?|nearly|almost|roughly|c\.|ca\.|[~<>≤≥])\s*(\d[\d,]*(?:\.\d+)?)\s*(?:%|[\p{L}³²]+(?:\/[\p{L}³²]+)?)?$/iu;
function boundNumber(text: string): number | null {
  const m = BOUND.exec(text.trim());
  return m ? Number(m[1].replace(/,/g, '')) : null;
}

function moneyOf(cell: CellValue | null): number | null {
  if (!cell) return null;
  if (cell.type === 'money') return cell.amount;
  if (cell.type === 'text' && cell.amounts?.length) return cell.amounts[0].amount;
  return null;
}

/** A column is numeric when it is typed so, or most of its present cells start with a number. */
function isNumericColumn(table: DocumentTable, i: number): boolean {
  const type = table.columns[i].type;
  if (type === 'integer' || type === 'decimal' || type === 'money') return true;
  if (type !== 'text') return false;
  const present = table.rows.map((r) => r.cells[i] ?? null).filter((c): c is CellValue => c !== null);
  return present.length > 0 && present.filter((c) => numberOf(c) !== null).length / present.length > 0.5;
}

function cellValues(cell: CellValue | null): unknown[] {
  if (!cell) return [null, null, null, null, null, null, null];
  const folded = foldText(cell.text);
  const number = numberOf(cell);
  const money = moneyOf(cell);
  const dateKey = cell.type === 'date' ? cell.year * 10000 + (cell.month ?? 0) * 100 + (cell.day ?? 0) : null;
  const year = cell.type === 'date' ? cell.year : null;
  const items = cell.type === 'list' ? cell.items.map(foldText).filter(Boolean) : [folded];
  return [cell.text, folded, number, money, dateKey, year, JSON.stringify(items)];
}
