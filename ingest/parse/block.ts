import type { ChunkKind, TableRow } from '../../src/core/types.js';
import type { TableRef } from '../tables/build-table.js';
import type { MappedText } from './mapped-text.js';

/**
 * One structural unit of a document (a paragraph, footnote, caption or table
 * row) with its section path and exact source span. Chunking turns blocks
 * into chunks; it never has to look at markup again.
 */
export interface Block {
  kind: ChunkKind;
  section: string[];
  /** Cleaned, readable text. */
  text: string;
  /** [start, end) in the SourceDocument text; covers every character `text` came from. */
  span: [number, number];
  /** Source offset of each character of `text`, so prose can be split with exact spans. */
  offsets: number[];
  row?: TableRow;
  /** For blocks made from a table: which table of the document, and which row or note. */
  table?: TableRef;
  /** For footnote blocks: the footnote's label ("12", "note-a"), which citing passages use. */
  footnoteLabel?: string;
}

/** Make a block from cleaned text, deriving its span from the text's offsets. */
export function blockFrom(kind: ChunkKind, section: string[], mapped: MappedText, extra?: { row?: TableRow; span?: [number, number] }): Block {
  const span: [number, number] = extra?.span ?? [mapped.offsets[0] ?? 0, (mapped.offsets[mapped.offsets.length - 1] ?? -1) + 1];
  return { kind, section: [...section], text: mapped.text, span, offsets: mapped.offsets, ...(extra?.row ? { row: extra.row } : {}) };
}
