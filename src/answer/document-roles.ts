import type { Chunk } from '../core/types.js';
import type { LoadedIndex } from '../retrieval/load-index.js';

/** A sentence of the index, addressed by chunk ordinal and its span in the chunk's text. */
export interface IndexSentence {
  ordinal: number;
  chunk: Chunk;
  /** Position of the sentence in `index.sentenceVectors`. */
  position: number;
  span: [number, number];
  text: string;
}

/** The parts of each document that play a role, found by position and content (never by heading names). */
export interface DocumentRoles {
  /** The document's first prose chunk (title page, credits, date), before the first body section. */
  frontMatter: IndexSentence[];
  /** Body sections (top-level headings) in document order, each with its prose sentences. */
  body: Array<{ section: string; sentences: IndexSentence[] }>;
  /** Sections after the body (after the appendix tables begin): about the author, the publisher. */
  endMatter: Array<{ section: string; sentences: IndexSentence[] }>;
}

const cache = new WeakMap<LoadedIndex, DocumentRoles[]>();

/** Every sentence of a chunk, with its position in the index's sentence vectors. */
export function sentencesOf(index: LoadedIndex, ordinal: number): IndexSentence[] {
  const chunk = index.chunks[ordinal];
  const base = index.sentenceOffsets[ordinal];
  return index.sentences[ordinal].map((span, j) => ({ ordinal, chunk, position: base + j, span, text: chunk.text.slice(span[0], span[1]) }));
}

/**
 * Each document's front matter, body sections and end matter, found once per loaded index.
 * Front matter: the first prose chunk when its lines are mostly short (a title page, not prose).
 * End matter: prose after the first run of table rows that closes the body (appendix tables),
 * so a report's "about the author" page is not mistaken for its conclusion.
 */
export function documentRoles(index: LoadedIndex): DocumentRoles[] {
  let roles = cache.get(index);
  if (roles) return roles;
  const byDocument = new Map<string, number[]>();
  index.chunks.forEach((c, i) => {
    let list = byDocument.get(c.document);
    if (!list) byDocument.set(c.document, (list = []));
    list.push(i);
  });
  roles = [...byDocument.values()].map((ordinals) => rolesOf(index, ordinals.sort((a, b) => index.chunks[a].span[0] - index.chunks[b].span[0])));
  cache.set(index, roles);
  return roles;
}

function rolesOf(index: LoadedIndex, ordinals: number[]): DocumentRoles {
  const prose = ordinals.filter((i) => index.chunks[i].kind === 'prose');
  const first = prose[0];
  let frontMatter: IndexSentence[] = [];
  if (first !== undefined) {
    const sentences = sentencesOf(index, first);
    const short = sentences.filter((s) => s.text.split(/\s+/).length <= 8).length;
    if (sentences.length >= 3 && short / sentences.length >= 0.4) frontMatter = sentences;
  }
  // The body ends where a long run of table rows begins (appendices); later prose is end matter.
  const firstTable = ordinals.findIndex((i, k) => index.chunks[i].kind === 'table-row' && ordinals.slice(k, k + 10).every((j) => index.chunks[j].kind === 'table-row'));
  const bodyEnd = firstTable >= 0 ? index.chunks[ordinals[firstTable]].span[0] : Infinity;
  const groups = (list: number[]) => {
    const out: Array<{ section: string; sentences: IndexSentence[] }> = [];
    for (const i of list) {
      const section = index.chunks[i].section[0] ?? '';
      let last = out.at(-1);
      if (!last || last.section !== section) out.push((last = { section, sentences: [] }));
      // Overlapping chunks repeat sentences: keep each span of the source once.
      const seen = new Set(last.sentences.map((s) => s.text));
      for (const s of sentencesOf(index, i)) if (!seen.has(s.text)) last.sentences.push(s);
    }
    return out;
  };
  const rest = prose.filter((i) => !(frontMatter.length && i === first));
  return {
    frontMatter,
    body: groups(rest.filter((i) => index.chunks[i].span[0] < bodyEnd)),
    endMatter: groups(rest.filter((i) => index.chunks[i].span[0] >= bodyEnd)),
  };
}
