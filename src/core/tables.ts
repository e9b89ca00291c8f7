/**
 * Typed tables in the index: the contract between ingest (which finds tables
 * in a document and types their cells) and the table engine (which queries
 * them). Ingest writes them to `tables.json`; `loadIndex` exposes them as
 * `LoadedIndex.tables`. See docs in README ("Typed tables").
 */

/** The type inferred for a column from all its values (ingest decides; the engine trusts it). */
export type ColumnType = 'integer' | 'decimal' | 'money' | 'date' | 'list' | 'text';

export interface TableColumn {
  /** Header as printed, e.g. "Size (in personnel)". */
  name: string;
  type: ColumnType;
  /** 'group': created from label lines inside the table (a block headed "Upper basin" or "North–South"); the cell is the label. */
  role?: 'group';
  /**
   * Optional: when the printed header of this column differs from block to block (the block's label stood in
   * the header row, e.g. one block headed "North | Partner | Date", the next "South | Partner | Date"),
   * the header printed in each block, keyed by the block's group label.
   */
  headers?: Record<string, string>;
}

/** A sum of money found in a cell. */
export interface MoneyAmount {
  /** The amount as printed, e.g. "$10m RMB". */
  text: string;
  /** Scale applied: "$10m" → 10000000. */
  amount: number;
  /** ISO-ish code ("USD", "RMB") or null when not stated. */
  currency: string | null;
}

/** One typed cell. `text` is always the cell as printed (trimmed). Missing values ("", "n/a", "Unknown", "—") are null. */
export type CellValue =
  | {
      type: 'text';
      text: string;
      /** Optional: sums of money mentioned inside a text cell ("Equipment: 30M RMB"), in order. */
      amounts?: MoneyAmount[];
      /** Optional: the leading number of a text cell that starts with one ("1200 (580 Chinese)" → 1200). */
      leadingNumber?: number;
    }
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
  /** The caption line as printed ("Appendix 3. Joint exercises …", "Table 2: Arms transfers, 2015–2020"), or null. */
  caption: string | null;
  /** The caption's label when it has one ("Appendix 3", "Table 2"), else null. */
  label: string | null;
  section: string[];
  columns: TableColumn[];
  rows: DocumentTableRow[];
  /** Optional: the caption without its label ("Joint exercises …"), or null. */
  title?: string | null;
  /** Optional: notes printed inside the table instead of rows ("No public information available"), with their group. */
  notes?: Array<{ group: string | null; text: string; chunkId: string | null }>;
}
