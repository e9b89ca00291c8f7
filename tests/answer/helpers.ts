import type { Chunk } from '../../src/core/types.js';
import type { RetrievalResult } from '../../src/retrieval/hybrid-retriever.js';

/** A small chunk with full provenance, for answerer tests that need no index. */
export function chunk(id: string, text: string, kind: Chunk['kind'] = 'prose'): Chunk {
  return { id: `report#${id}`, document: 'report', source: 'report.md', section: ['Bilateral Security Activities'], page: 12, span: [0, text.length], kind, text };
}

/** A retrieval result holding just these chunks (the LLM answerer reads nothing else). */
export function retrievalOf(chunks: Chunk[]): RetrievalResult {
  return {
    query: 'q',
    queryVector: [],
    chunks: chunks.map((c, i) => ({ chunk: c, ordinal: i, score: 1 / (i + 1) })),
    index: undefined as never,
    timings: { embedMs: 0, vectorMs: 0, lexicalMs: 0, fuseMs: 0 },
  };
}

export const SOURCES: Chunk[] = [
  chunk('prose-1', 'China and Tajikistan held a joint exercise in Badakhshan in August 2019. Some 1,200 personnel took part, 580 of them Chinese. The scenario was a terrorist group hiding in the mountains.'),
  chunk('prose-2', 'The PRC and Kazakhstan held at least 55 security meetings. The PRC and Tajikistan conducted at least fifty-three.'),
  chunk('table-row-3', 'Appendix 3 — Bilateral joint security exercise. Tajikistan–China. Date: October 2016; Location: Badakhshan; Size (in personnel): 414.', 'table-row'),
  chunk('prose-4', 'Four border posts were built on the Tajikistan-Afghanistan border. These border posts finished construction in 2016.'),
  chunk('prose-5', 'The Shanghai Cooperation Organisation was founded in 2001.'),
];
