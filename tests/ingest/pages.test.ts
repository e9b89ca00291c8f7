import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../ingest/chunk/chunk-document.js';
import { loadDocument } from '../../ingest/load/load-document.js';
import { pageAt, type SourceDocument } from '../../ingest/load/source-document.js';
import type { Chunk } from '../../src/core/types.js';
import { REPORT_MD, REPORT_PDF } from './corpus.js';

const pageOfPhrase = (doc: SourceDocument, phrase: string) => pageAt(doc, doc.text.indexOf(phrase));
const pageOf = (chunks: Chunk[], needle: string, kind?: Chunk['kind']) =>
  chunks.find((c) => c.text.includes(needle) && (!kind || c.kind === kind))?.page;

describe('pages from the bundled PDF', () => {
  it('loads the PDF directly with 34 pages and known phrases on their pages', async () => {
    const doc = await loadDocument(REPORT_PDF);
    expect(doc.format).toBe('pdf');
    expect(doc.pages).toHaveLength(34);
    expect(doc.text).not.toContain('\u0000');
    const chunks = chunkDocument(doc);
    // Checked by hand with pdf-parse: the Introduction is page 5; the Badakhshan rows of Appendix 3 are on page 30.
    expect(pageOf(chunks, '3,000-kilometer border')).toBe(5);
    expect(pageOfPhrase(doc, 'Badakhshan')).toBe(30);
    expect(pageOfPhrase(doc, 'Lianyungang Forum was established')).toBe(11);
    expect(chunks.every((c) => c.page === pageAt(doc, c.span[0]))).toBe(true);
    expect(chunks.find((c) => c.text.includes('3,000-kilometer border'))?.section).toEqual(['Introduction']);
  }, 90_000);

  it('gives markdown chunks the page of their PDF twin', async () => {
    const doc = await loadDocument(REPORT_MD);
    expect(doc.format).toBe('markdown');
    expect(doc.pages.length).toBe(34);
    const chunks = chunkDocument(doc);
    expect(pageOf(chunks, '3,000-kilometer border', 'prose')).toBe(5);
    expect(pageOf(chunks, 'Badakhshan', 'table-row')).toBe(30);
    expect(pageOfPhrase(doc, 'Lianyungang Forum was established')).toBe(11);
    expect(pageOfPhrase(doc, "Jing'an Import & Export Corporation")).toBe(18);
    expect(pageOfPhrase(doc, 'KYRGYZSTAN-CHINA\tTYPE\tDATE')).toBe(30);
    expect(pageOf(chunks, 'Giglio, Davide', 'footnote')).toBe(6);
    expect(chunks.every((c) => c.page !== null && c.page >= 1 && c.page <= 34)).toBe(true);
    const pages = chunks.map((c) => c.page ?? 0);
    expect(pages).toEqual([...pages].sort((a, b) => a - b));
  }, 90_000);
});
