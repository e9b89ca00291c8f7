import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { splitSentences } from '../core/sentences.js';
import { buildLexicalIndex } from '../retrieval/lexical-index.js';
import { tokenize } from '../retrieval/tokenize.js';
import type { ThresholdTarget } from './calibrate.js';
import type { TargetAnswer } from './target.js';

/** What the BM25 baseline indexes and how it scores; defaults are Okapi's usual k1 1.2, b 0.75. */
export interface Bm25BaselineSettings {
  /** Files whose raw text is split into sentences. */
  paths: string[];
  /** Sentences returned as retrieved contexts (default 5). */
  k?: number;
  /** Abstain when the normalised top score is below this (default 0: never, until calibrated). */
  threshold?: number;
  k1?: number;
  b?: number;
  id?: string;
}

/** The BM25 baseline plus what it indexed. */
export interface Bm25BaselineTarget extends ThresholdTarget {
  readonly sentenceCount: number;
  readonly threshold: number;
}

/**
 * A strong lexical baseline: Okapi BM25 over every sentence of the raw
 * source text (each line is split into sentences; a table row stays one
 * unit), answering with the best sentence verbatim, cited to itself.
 * Follow-ups add the earlier user questions to the query. Its confidence is
 * the top score divided by the best score the query could reach (each query
 * term's idf × (k1 + 1); terms the source lacks count at the highest idf),
 * so a question about things the source never names scores low. It abstains
 * below a threshold, which `calibrateOn` fits to a dataset.
 */
export async function createBm25Baseline(settings: Bm25BaselineSettings): Promise<Bm25BaselineTarget> {
  const k = settings.k ?? 5;
  const k1 = settings.k1 ?? 1.2;
  const units: Array<{ id: string; text: string }> = [];
  for (const file of settings.paths) {
    const source = path.basename(file);
    const text = await readFile(file, 'utf8');
    for (const line of text.split(/\r?\n/)) {
      if (!/[\p{L}\p{N}]/u.test(line)) continue;
      for (const [s, e] of splitSentences(line)) units.push({ id: `bm25:${source}#${units.length}`, text: line.slice(s, e).trim() });
    }
  }
  const index = buildLexicalIndex(units.map((u) => u.text), { k1, b: settings.b ?? 0.75 });
  const maxIdf = Math.log(1 + (index.size + 0.5) / 0.5);
  let threshold = settings.threshold ?? 0;
  const id = settings.id ?? 'bm25';

  const answerRaw: Bm25BaselineTarget['answerRaw'] = async ({ question, history }, options) => {
    options?.signal?.throwIfAborted();
    const query = [...history.filter((t) => t.role === 'user').map((t) => t.content), question].join(' ');
    const hits = index.search(query, k);
    const terms = [...new Set(tokenize(query))];
    const ceiling = terms.reduce((sum, t) => sum + (index.idf(t) || maxIdf) * (k1 + 1), 0);
    const confidence = hits.length && ceiling > 0 ? hits[0].score / ceiling : 0;
    const retrieved = hits.map((h) => ({ chunkId: units[h.index].id, text: units[h.index].text, score: h.score }));
    const top = hits[0] ? units[hits[0].index] : undefined;
    if (!top) return { answer: '', abstained: false, citations: [], retrieved, mode: 'extractive', confidence };
    return {
      answer: `${top.text} [1]`,
      abstained: false,
      citations: [{ n: 1, chunkId: top.id, quote: top.text, section: '', page: null, kind: 'prose' }],
      retrieved,
      mode: 'extractive',
      confidence,
    };
  };

  return {
    id,
    get description() {
      return (
        `Okapi BM25 (k1 ${k1}, b ${settings.b ?? 0.75}; Porter stems, stop words dropped) over ${units.length} sentences of the raw text; ` +
        `answers with the top sentence verbatim; follow-ups add earlier user questions to the query; ` +
        `abstains when top score / query ceiling < ${threshold.toFixed(3)}.`
      );
    },
    sentenceCount: units.length,
    get threshold() {
      return threshold;
    },
    answerRaw,
    setThreshold(t) {
      threshold = t;
    },
    async ask(request, options): Promise<TargetAnswer> {
      const r = await answerRaw(request, options);
      if (r.confidence >= threshold) return r;
      return {
        answer: 'No sentence of the source matches this question well enough.',
        abstained: true,
        citations: [],
        retrieved: r.retrieved,
        mode: 'extractive',
        confidence: r.confidence,
      };
    },
  };
}
