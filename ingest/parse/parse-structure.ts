import type { SourceDocument } from '../load/source-document.js';
import type { Block } from './block.js';
import { parseMarkdown, type ParsedDocument } from './parse-markdown.js';
import { parsePlainText } from './parse-plain-text.js';

export type { Block } from './block.js';
export type { ParsedDocument } from './parse-markdown.js';

/**
 * Split a loaded document into blocks (prose paragraphs, footnotes, captions,
 * table rows) with section paths and exact spans, plus the typed tables its
 * table rows belong to. Markdown gets the full treatment (headings, pull
 * quotes, tables); plain text and PDF text get paragraph, heading and
 * footnote guesses.
 */
export function parseDocument(doc: SourceDocument): ParsedDocument {
  const parsed = doc.format === 'markdown' ? parseMarkdown(doc.text) : parsePlainText(doc.text, doc.headings);
  return { ...parsed, blocks: parsed.blocks.filter((block) => block.text.trim() !== '') };
}

/** The blocks of a document (see parseDocument). */
export function parseStructure(doc: SourceDocument): Block[] {
  return parseDocument(doc).blocks;
}
