import type { Chunk, ChunkKind } from '../../src/core/types.js';
import { pageAt, type SourceDocument } from '../load/source-document.js';
import type { Block } from '../parse/block.js';
import { parseStructure } from '../parse/parse-structure.js';
import { chunkProse, type ProsePiece } from './chunk-prose.js';

type Draft = Omit<Chunk, 'id' | 'document' | 'source' | 'page'>;

/**
 * Turn a loaded document into retrievable chunks, each carrying its document,
 * section path, page, exact source span and kind:
 * - prose: sentence-bounded chunks of up to ~300 words with one sentence of
 *   overlap, never crossing a section boundary;
 * - footnote and caption: one chunk each (split like prose only if huge);
 * - table-row: one chunk per appendix row, text labelled so it reads alone.
 * Ids are `${doc.id}#${kind}-${n}`, numbered per kind in document order, so
 * they are stable across runs of the same input.
 */
export function chunkDocument(doc: SourceDocument): Chunk[] {
  const blocks = parseStructure(doc);
  const drafts: Draft[] = [];

  let group: Block[] = [];
  const flushGroup = () => {
    if (group.length > 0) drafts.push(...chunkProse(group).map((p) => draft('prose', group[0].section, p)));
    group = [];
  };
  for (const block of blocks) {
    if (block.kind === 'prose') {
      if (group.length > 0 && !sameSection(group[0].section, block.section)) flushGroup();
      group.push(block);
    } else if (block.kind === 'table-row') {
      drafts.push({ kind: block.kind, section: [...block.section], span: block.span, text: block.text, ...(block.row ? { row: block.row } : {}) });
    } else {
      drafts.push(...chunkProse([block]).map((p) => draft(block.kind, block.section, p)));
    }
  }
  flushGroup();

  drafts.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  const counters = new Map<ChunkKind, number>();
  return drafts.map((d) => {
    const n = (counters.get(d.kind) ?? 0) + 1;
    counters.set(d.kind, n);
    return { id: `${doc.id}#${d.kind}-${n}`, document: doc.id, source: doc.source, page: pageAt(doc, d.span[0]), ...d };
  });
}

function draft(kind: ChunkKind, section: string[], piece: ProsePiece): Draft {
  return { kind, section: [...section], span: piece.span, text: piece.text };
}

function sameSection(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}
