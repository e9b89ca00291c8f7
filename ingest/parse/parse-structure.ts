import type { SourceDocument } from '../load/source-document.js';
import type { Block } from './block.js';
import { parseMarkdown } from './parse-markdown.js';
import { parsePlainText } from './parse-plain-text.js';

export type { Block } from './block.js';

/**
 * Split a loaded document into blocks (prose paragraphs, footnotes, captions,
 * table rows) with section paths and exact spans. Markdown gets the full
 * treatment (headings, pull quotes, appendix tables); plain text and PDF text
 * get paragraph, heading and footnote guesses.
 */
export function parseStructure(doc: SourceDocument): Block[] {
  const blocks = doc.format === 'markdown' ? parseMarkdown(doc.text) : parsePlainText(doc.text);
  return blocks.filter((block) => block.text.trim() !== '');
}
