import type { Chunk, ChunkKind, DocumentTable } from '../../src/core/types.js';
import { pageAt, type SourceDocument } from '../load/source-document.js';
import type { Block } from '../parse/block.js';
import { parseDocument } from '../parse/parse-structure.js';
import type { TableRef } from '../tables/build-table.js';
import { chunkProse, type ProsePiece } from './chunk-prose.js';

type Draft = Omit<Chunk, 'id' | 'document' | 'source' | 'page'> & { table?: TableRef };

/** A document's chunks, its typed tables (rows tied to their chunks) and what ingest should warn about. */
export interface ChunkedDocument {
  chunks: Chunk[];
  tables: DocumentTable[];
  warnings: string[];
}

/**
 * Turn a loaded document into retrievable chunks, each carrying its document,
 * section path, page, exact source span and kind:
 * - prose: sentence-bounded chunks of up to ~300 words with one sentence of
 *   overlap, never crossing a section boundary;
 * - footnote and caption: one chunk each (split like prose only if huge);
 * - table-row: one chunk per table row, text labelled so it reads alone.
 * Ids are `${doc.id}#${kind}-${n}`, numbered per kind in document order, so
 * they are stable across runs of the same input.
 */
export function chunkDocument(doc: SourceDocument): Chunk[] {
  return chunkDocumentWithTables(doc).chunks;
}

/** chunkDocument plus the document's typed tables, `${doc.id}#table-${n}`, each row pointing at its chunk. */
export function chunkDocumentWithTables(doc: SourceDocument): ChunkedDocument {
  const { blocks, tables: drafts, warnings } = parseDocument(doc);
  const pieces: Draft[] = [];

  let group: Block[] = [];
  const flushGroup = () => {
    if (group.length > 0) pieces.push(...chunkProse(group).map((p) => draft('prose', group[0].section, p)));
    group = [];
  };
  for (const block of blocks) {
    if (block.kind === 'prose' && !block.table) {
      if (group.length > 0 && !sameSection(group[0].section, block.section)) flushGroup();
      group.push(block);
    } else if (block.kind === 'table-row' || block.table) {
      flushGroup();
      pieces.push({ kind: block.kind, section: [...block.section], span: block.span, text: block.text, ...(block.row ? { row: block.row } : {}), ...(block.table ? { table: block.table } : {}) });
    } else {
      pieces.push(...chunkProse([block]).map((p) => draft(block.kind, block.section, p)));
    }
  }
  flushGroup();

  pieces.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  const tables: DocumentTable[] = drafts.map((t, n) => ({
    id: `${doc.id}#table-${n + 1}`,
    document: doc.id,
    caption: t.caption,
    label: t.label,
    title: t.title,
    section: t.section,
    columns: t.columns,
    rows: [],
    notes: [],
  }));
  const rowsByTable = drafts.map((t) => t.rows.map(() => null as DocumentTable['rows'][number] | null));
  const counters = new Map<ChunkKind, number>();
  const chunks = pieces.map(({ table: ref, ...d }) => {
    const n = (counters.get(d.kind) ?? 0) + 1;
    counters.set(d.kind, n);
    const chunk: Chunk = { id: `${doc.id}#${d.kind}-${n}`, document: doc.id, source: doc.source, page: pageAt(doc, d.span[0]), ...d };
    if (ref) {
      chunk.tableId = tables[ref.table].id;
      if (ref.row !== undefined) {
        const row = drafts[ref.table].rows[ref.row];
        rowsByTable[ref.table][ref.row] = { chunkId: chunk.id, page: chunk.page, line: row.line, cells: row.cells };
      }
      if (ref.note !== undefined) tables[ref.table].notes!.push({ ...drafts[ref.table].notes[ref.note], chunkId: chunk.id });
    }
    return chunk;
  });
  tables.forEach((t, i) => {
    t.rows = rowsByTable[i].filter((r): r is DocumentTable['rows'][number] => r !== null);
  });
  return { chunks, tables, warnings };
}

function draft(kind: ChunkKind, section: string[], piece: ProsePiece): Draft {
  return { kind, section: [...section], span: piece.span, text: piece.text };
}

function sameSection(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}
