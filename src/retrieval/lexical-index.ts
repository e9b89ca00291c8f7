import { tokenize } from './tokenize.js';

/** Serialised form of the BM25 index, written to `lexical.json`. */
export interface LexicalIndexData {
  k1: number;
  b: number;
  docLengths: number[];
  /** term → [docIndex, termFrequency] pairs, flattened. */
  postings: Record<string, number[]>;
}

export interface LexicalHit {
  index: number;
  score: number;
}

/** Okapi BM25 over chunk texts, so names, dates and numbers match exactly. */
export interface LexicalIndex {
  readonly size: number;
  search(query: string, k: number): LexicalHit[];
  /** Inverse document frequency of a (stemmed) term; 0 for unknown terms. */
  idf(term: string): number;
  toJSON(): LexicalIndexData;
}

/** Build a BM25 index over texts (position = chunk ordinal). */
export function buildLexicalIndex(texts: string[], settings: { k1?: number; b?: number } = {}): LexicalIndex {
  const postings: Record<string, number[]> = Object.create(null);
  const docLengths: number[] = [];
  texts.forEach((text, docIndex) => {
    const tokens = tokenize(text);
    docLengths.push(tokens.length);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, f] of tf) (postings[term] ??= []).push(docIndex, f);
  });
  return loadLexicalIndex({ k1: settings.k1 ?? 1.2, b: settings.b ?? 0.75, docLengths, postings });
}

/** Rehydrate a BM25 index from its serialised form. */
export function loadLexicalIndex(data: LexicalIndexData): LexicalIndex {
  const postings = new Map(Object.entries(data.postings));
  const n = data.docLengths.length;
  const avgLength = data.docLengths.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const idf = (term: string) => {
    const list = postings.get(term);
    if (!list) return 0;
    const df = list.length / 2;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  return {
    size: n,
    idf,
    search(query, k) {
      const scores = new Map<number, number>();
      for (const term of new Set(tokenize(query))) {
        const list = postings.get(term);
        if (!list) continue;
        const w = idf(term);
        for (let i = 0; i < list.length; i += 2) {
          const doc = list[i];
          const f = list[i + 1];
          const norm = f + data.k1 * (1 - data.b + (data.b * data.docLengths[doc]) / avgLength);
          scores.set(doc, (scores.get(doc) ?? 0) + (w * (f * (data.k1 + 1))) / norm);
        }
      }
      return [...scores]
        .map(([index, score]) => ({ index, score }))
        .sort((a, b) => b.score - a.score || a.index - b.index)
        .slice(0, k);
    },
    toJSON: () => data,
  };
}
