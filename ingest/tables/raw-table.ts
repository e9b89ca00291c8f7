/**
 * A table as found in a document, before typing: whatever the source syntax
 * (tab-separated lines, a GFM pipe table, an HTML <table>, positioned PDF
 * text), parsers produce this shape and `buildTable` turns it into blocks
 * and a typed DocumentTable.
 */
export interface RawTableRow {
  /** Cleaned cell texts aligned with `RawTable.columns` ('' when blank). */
  cells: string[];
  /** Label of the block the row sits in (a label line or a repeated header), or null. */
  group: string | null;
  /** Headers printed above this row's block, aligned with `cells` (differ from `columns` where a block label stood in the header). */
  headers: string[];
  /** [start, end) in the source text. */
  span: [number, number];
  /** 1-based source line, or null. */
  line: number | null;
  /** Extra label for the row's text, e.g. "Column 2 of 3" for a transposed table. */
  label?: string;
}

/** A note printed inside a table instead of rows ("No public information available"). */
export interface RawTableNote {
  group: string | null;
  text: string;
  span: [number, number];
  line: number | null;
}

export interface RawTable {
  /** Column names, one per cell position. */
  columns: string[];
  /** Per column: the header printed in each block, keyed by group label, where it differs between blocks; else null. */
  varying: Array<Record<string, string> | null>;
  /** Whether rows carry a group label (becomes a 'group' column). */
  grouped: boolean;
  rows: RawTableRow[];
  notes: RawTableNote[];
  /** Problems found while reading the table (ragged rows), for ingest warnings. */
  warnings: string[];
}
