import type { Chunk, ChunkKind, DocumentMetadata, DocumentTable } from '../../src/core/types.js';
import { pageAt, type SourceDocument } from '../load/source-document.js';
import type { Block } from '../parse/block.js';
import type { FootnoteRef } from '../parse/parse-markdown.js';
import { documentCardText, readMetadata } from '../parse/document-metadata.js';
import { learnCase } from '../parse/heading-text.js';
import { parseDocument } from '../parse/parse-structure.js';
import type { TableRef } from '../tables/build-table.js';
import { chunkProse, type ProsePiece } from './chunk-prose.js';

type Draft = Omit<Chunk, 'id' | 'document' | 'source' | 'page'> & { table?: TableRef; footnoteLabel?: string };

/** A document's chunks, its typed tables (rows tied to their chunks), its metadata and what ingest should warn about. */
export interface ChunkedDocument {
  chunks: Chunk[];
  tables: DocumentTable[];
  metadata: DocumentMetadata;
  warnings: string[];
}

/**
 * Turn a loaded document into retrievable chunks, each carrying its document,
 * section path, page, exact source span and kind:
 * - prose: sentence-bounded chunks of up to ~300 words with one sentence of
 *   overlap, never crossing a section boundary;
 * - footnote and caption: one chunk each (split like prose only if huge);
 * - front-matter: one "document card" per document stating its metadata and table captions;
 * - table-row: one chunk per table row, text labelled so it reads alone.
 * Ids are `${doc.id}#${kind}-${n}`, numbered per kind in document order, so
 * they are stable across runs of the same input.
 */
export function chunkDocument(doc: SourceDocument): Chunk[] {
  return chunkDocumentWithTables(doc).chunks;
}

/** chunkDocument plus the document's typed tables, `${doc.id}#table-${n}`, each row pointing at its chunk. */
export function chunkDocumentWithTables(doc: SourceDocument): ChunkedDocument {
  const parsed = parseDocument(doc);
  const { blocks, tables: drafts, refs, warnings } = parsed;
  const metadata = readMetadata(doc, parsed, parsed.dictionary ?? learnCase(doc.text), parsed.title ?? null);
  const pieces: Draft[] = [];
  const card = documentCardText(metadata, drafts);
  if (card) {
    // The document card: its title, author, publisher and date and each table's caption, one paragraph each, so a
    // question about the document itself ("what is it called", "what does Appendix 2 cover") has a chunk to quote.
    // Its span is the YAML front matter when there is one, else the document's first character.
    const span: [number, number] = parsed.frontMatter ? [...parsed.frontMatter.span] : [0, Math.min(1, doc.text.length)];
    pieces.push({ kind: 'front-matter', section: ['Front Matter'], span, text: card });
  }

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
      pieces.push(...chunkProse([block]).map((p) => ({ ...draft(block.kind, block.section, p), ...(block.footnoteLabel ? { footnoteLabel: block.footnoteLabel } : {}) })));
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
  const footnoteIds = new Map<string, string>();
  const chunks = pieces.map(({ table: ref, footnoteLabel, ...d }) => {
    const n = (counters.get(d.kind) ?? 0) + 1;
    counters.set(d.kind, n);
    const chunk: Chunk = { id: `${doc.id}#${d.kind}-${n}`, document: doc.id, source: doc.source, page: pageAt(doc, d.span[0]), ...d };
    if (metadata.title) chunk.documentTitle = metadata.title;
    if (footnoteLabel && !footnoteIds.has(footnoteLabel)) footnoteIds.set(footnoteLabel, chunk.id);
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
  linkFootnotes(chunks, refs, footnoteIds);
  metadata.chunkId = chunks.find((c) => c.kind === 'front-matter')?.id ?? null;
  return { chunks, tables, metadata, warnings };
}

/**
 * Tie each footnote marker to its footnote: the chunks whose span holds the
 * marker list the footnote's chunk id in `footnotes`, and the footnote lists
 * them in `citedBy`.
 */
function linkFootnotes(chunks: Chunk[], refs: FootnoteRef[], footnoteIds: Map<string, string>): void {
  const byId = new Map(chunks.map((c) => [c.id, c]));
  const citing = chunks.filter((c) => c.kind !== 'footnote');
  for (const ref of refs) {
    const target = footnoteIds.get(ref.label);
    if (!target) continue;
    for (const chunk of citing) {
      // A marker right after the chunk's last sentence ("… rate.[^4]") belongs to it too.
      if (ref.at < chunk.span[0] || ref.at > chunk.span[1] + 1) continue;
      if (!(chunk.footnotes ??= []).includes(target)) chunk.footnotes.push(target);
      const note = byId.get(target)!;
      if (!(note.citedBy ??= []).includes(chunk.id)) note.citedBy.push(chunk.id);
    }
  }
}

function draft(kind: ChunkKind, section: string[], piece: ProsePiece): Draft {
  return { kind, section: [...section], span: piece.span, text: piece.text };
}

function sameSection(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}
