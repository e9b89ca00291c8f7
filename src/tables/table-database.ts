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
  /** Number or money amount. */
  number: string;
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
      dateKey: `c${i}_d`,
      year: `c${i}_y`,
      items: `c${i}_l`,
    }));
    const defs = columns.flatMap((c) => [`${c.text} TEXT`, `${c.folded} TEXT`, `${c.number} REAL`, `${c.dateKey} INTEGER`, `${c.year} INTEGER`, `${c.items} TEXT`]);
    db.exec(`CREATE TABLE ${sql} (row_id INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL, line INTEGER, page INTEGER${defs.map((d) => `, ${d}`).join('')})`);
    const names = ['row_id', 'chunk_id', 'line', 'page', ...columns.flatMap((c) => [c.text, c.folded, c.number, c.dateKey, c.year, c.items])];
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

function cellValues(cell: CellValue | null): unknown[] {
  if (!cell) return [null, null, null, null, null, null];
  const folded = foldText(cell.text);
  const number = cell.type === 'integer' || cell.type === 'decimal' ? cell.number : cell.type === 'money' ? cell.amount : null;
  const dateKey = cell.type === 'date' ? cell.year * 10000 + (cell.month ?? 0) * 100 + (cell.day ?? 0) : null;
  const year = cell.type === 'date' ? cell.year : null;
  const items = cell.type === 'list' ? cell.items.map(foldText).filter(Boolean) : [folded];
  return [cell.text, folded, number, dateKey, year, JSON.stringify(items)];
}
