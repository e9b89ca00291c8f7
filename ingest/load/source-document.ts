/** A character range of `SourceDocument.text` that sits on one 1-based page. */
export interface PageRange {
  page: number;
  start: number;
  end: number;
}

/**
 * A loaded document: its full text plus, when known, which characters sit on
 * which page. Every later span (blocks, chunks) is an offset into `text`.
 */
export interface SourceDocument {
  /** File name without extension; prefixes every chunk id. */
  id: string;
  /** File name with extension, as shown in citations. */
  source: string;
  format: 'markdown' | 'text' | 'pdf';
  text: string;
  /** Page ranges in ascending order; empty when the source has no pages. */
  pages: PageRange[];
  /** Metadata from a PDF's info dictionary, when it has any. */
  info?: Partial<Record<'title' | 'author' | 'publisher' | 'date', string>>;
  /** Headings a PDF's layout shows (larger or bolder text), in order, with level 1 the largest; used by the plain-text parser. */
  headings?: Array<{ text: string; level: number }>;
}

/** The 1-based page holding `offset`, or null when pages are unknown. */
export function pageAt(doc: Pick<SourceDocument, 'pages'>, offset: number): number | null {
  let found: number | null = null;
  for (const range of doc.pages) {
    if (range.start > offset) break;
    found = range.page;
  }
  return found;
}
