/**
 * Typed tables in the index: the contract between ingest (which writes `tables.json`)
 * and the table engine (which loads it into SQL). See docs in README ("Tables").
 */

/** The type inferred for a column from all its values (ingest decides; the engine trusts it). */
export type ColumnType = 'integer' | 'decimal' | 'money' | 'date' | 'list' | 'text';

export interface TableColumn {
  /** Header as printed, e.g. "Size (in personnel)". */
  name: string;
  type: ColumnType;
  /** 'group': created from label lines inside the table (country blocks); the cell is the label. */
  role?: 'group';
}

/** One typed cell. `text` is always the cell as printed (trimmed). Missing values ("", "n/a", "Unknown", "—") are null. */
export type CellValue =
  | { type: 'text'; text: string }
  | { type: 'integer' | 'decimal'; text: string; number: number }
  /** amount with the scale applied ("$10m" → 10000000); currency an ISO-ish code ("USD", "RMB") or null when not stated. */
  | { type: 'money'; text: string; amount: number; currency: string | null }
  | { type: 'date'; text: string; year: number; month?: number; day?: number; precision: 'year' | 'month' | 'day' }
  | { type: 'list'; text: string; items: string[] };

export interface DocumentTableRow {
  /** The table-row chunk this row became (citations point at it). */
  chunkId: string;
  page: number | null;
  /** 1-based line in the source file where known, else null. */
  line: number | null;
  /** Aligned with DocumentTable.columns. A cell whose value did not fit the column type keeps type 'text'. */
  cells: Array<CellValue | null>;
}

export interface DocumentTable {
  /** `${document}#table-${n}` (n = 1-based order in the document). */
  id: string;
  document: string;
  /** The caption line as printed ("Table 2: Arms transfers, 2015–2020"), or null. */
  caption: string | null;
  /** The caption's label when it has one ("Table 2"), else null. */
  label: string | null;
  section: string[];
  columns: TableColumn[];
  rows: DocumentTableRow[];
}
