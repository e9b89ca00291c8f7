/**
 * Scoring functions for evaluation, kept pure so they can be unit-tested on
 * literal examples. Answer matching follows SQuAD-style normalisation; the
 * abstention rules follow SQuAD 2.0 (an unanswerable question is correct only
 * when the system abstains).
 */

import { STOP_WORDS } from '../retrieval/tokenize.js';

/** Share of evidence content tokens a quote or chunk must contain to "cover" it. */
export const COVERAGE_THRESHOLD = 0.6;

/** Evidence with fewer content tokens than this must occur verbatim (normalised); overlap alone is too weak for it. */
export const MIN_OVERLAP_TOKENS = 5;

/** Remove `[n]`, `[1, 2]` and `[1][2]` citation markers from an answer. */
export function stripCitationMarkers(text: string): string {
  return text.replace(/\s*\[\d+(?:\s*[,–-]\s*\d+)*\]/g, '');
}

/**
 * Normalise text for answer matching: lower case, accents folded, markdown
 * and footnote markup dropped, thousands separators removed ("1,075" → "1075"),
 * apostrophes dropped, other punctuation → space, articles removed, whitespace
 * collapsed. Decimal points between digits are kept ("4.5").
 */
export function normalizeAnswer(text: string): string {
  return text
    .replace(/<sup>[^<]*<\/sup>/g, ' ')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/['’‘`]/g, '')
    .replace(/(\d)\.(?=\d)/g, '$1\u0000')
    .replace(/[^\p{L}\p{N}\u0000]+/gu, ' ')
    .replace(/\u0000/g, '.')
    .replace(/\b(?:a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Normalised tokens of a text. */
export function answerTokens(text: string): string[] {
  const n = normalizeAnswer(text);
  return n ? n.split(' ') : [];
}

/** Whether `alias` occurs in `answer` as whole words after normalisation ("10" does not match "2010"). */
export function containsWholeWords(answer: string, alias: string): boolean {
  const a = normalizeAnswer(alias);
  if (!a) return false;
  return ` ${normalizeAnswer(stripCitationMarkers(answer))} `.includes(` ${a} `);
}

/** Answer accuracy: one alias (`any`) or every alias (`all`) appears as whole words. */
export function answerMatches(answer: string, aliases: string[], match: 'any' | 'all' = 'any'): boolean {
  if (!aliases.length) return false;
  return match === 'all' ? aliases.every((a) => containsWholeWords(answer, a)) : aliases.some((a) => containsWholeWords(answer, a));
}

/** Exact match against any alias after normalisation. */
export function exactMatch(answer: string, aliases: string[]): boolean {
  const a = normalizeAnswer(stripCitationMarkers(answer));
  return aliases.some((alias) => normalizeAnswer(alias) === a);
}

/** SQuAD token F1 between a prediction and one gold string. */
export function tokenF1(prediction: string, gold: string): number {
  const p = answerTokens(stripCitationMarkers(prediction));
  const g = answerTokens(gold);
  if (!p.length || !g.length) return p.length === g.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of g) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of p) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      common++;
      counts.set(t, c - 1);
    }
  }
  if (!common) return 0;
  const precision = common / p.length;
  const recall = common / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Token F1 against the best-matching alias (0 when there are none). */
export function bestTokenF1(prediction: string, aliases: string[]): number {
  return aliases.reduce((best, a) => Math.max(best, tokenF1(prediction, a)), 0);
}

/** Distinct normalised tokens of a text without stop words ("of", "the", "and" …). */
export function contentTokens(text: string): Set<string> {
  return new Set(answerTokens(text).filter((t) => !STOP_WORDS.has(t)));
}

/**
 * Share of the evidence's distinct content tokens that also occur in `text` (0–1).
 * Asymmetric on purpose: a long chunk or quote "covers" a short evidence passage.
 */
export function tokenCoverage(evidence: string, text: string): number {
  const ev = contentTokens(evidence);
  if (!ev.size) return 0;
  const have = contentTokens(text);
  let hit = 0;
  for (const t of ev) if (have.has(t)) hit++;
  return hit / ev.size;
}

/**
 * Whether a retrieved chunk or a cited quote contains an evidence passage:
 * the normalised evidence occurs in the normalised text as whole words, or —
 * for evidence of at least MIN_OVERLAP_TOKENS content tokens — at least
 * COVERAGE_THRESHOLD of those tokens occur in it (so a truncated quote still
 * counts). Table-row chunks join cells with labels, so a single cell value
 * still matches verbatim.
 */
export function covers(text: string, evidence: string): boolean {
  if (containsPassage(text, evidence)) return true;
  return contentTokens(evidence).size >= MIN_OVERLAP_TOKENS && tokenCoverage(evidence, text) >= COVERAGE_THRESHOLD;
}

/** The normalised evidence occurs in the normalised text as whole words (markup, case, punctuation and spacing ignored). */
export function containsPassage(text: string, evidence: string): boolean {
  const e = normalizeAnswer(evidence);
  return e.length > 0 && ` ${normalizeAnswer(text)} `.includes(` ${e} `);
}

/** Whether a quote and an evidence passage overlap either way (quote inside evidence, or evidence inside quote). */
export function overlaps(quote: string, evidence: string): boolean {
  return covers(quote, evidence) || covers(evidence, quote);
}

export interface CitationScores {
  /** Some cited quote covers some evidence passage (null when the item has no evidence). */
  support: boolean | null;
  /** Every evidence passage is covered by some cited quote. */
  fullSupport: boolean | null;
  /** Share of citations whose quote overlaps some evidence (null when there are no citations or no evidence). */
  precision: number | null;
}

/** Citation support and precision of one answer against its evidence. */
export function scoreCitations(quotes: string[], evidence: string[] | undefined): CitationScores {
  if (!evidence?.length) return { support: null, fullSupport: null, precision: null };
  const coveredBy = evidence.map((e) => quotes.some((q) => covers(q, e)));
  const relevant = quotes.filter((q) => evidence.some((e) => overlaps(q, e))).length;
  return {
    support: coveredBy.some(Boolean),
    fullSupport: coveredBy.every(Boolean),
    precision: quotes.length ? relevant / quotes.length : null,
  };
}

export interface RetrievalScores {
  /** Share of evidence passages found in the top k chunks, per k. */
  recall: Record<number, number>;
  /** Reciprocal rank of the first chunk containing any evidence (0 when none). */
  reciprocalRank: number;
  /** 1-based rank of that chunk, or null. */
  firstRank: number | null;
}

/**
 * Retrieval recall@k and reciprocal rank of the evidence among ranked chunk
 * texts. An evidence passage counts as retrieved when a chunk contains it
 * (`containsPassage`: normalised whole-word containment). The token-overlap
 * fallback used for quotes is deliberately not applied here: a 300-word chunk
 * or a labelled table row shares 60% of the content words of many short
 * passages it does not contain, which inflated recall in our measurements.
 * Every evidence string of the dev set is contained verbatim in one chunk.
 */
export function scoreRetrieval(chunkTexts: string[], evidence: string[], ks: number[] = [1, 5]): RetrievalScores | null {
  if (!evidence.length) return null;
  const rankOf = evidence.map((e) => {
    const i = chunkTexts.findIndex((t) => containsPassage(t, e));
    return i < 0 ? null : i + 1;
  });
  const found = rankOf.filter((r): r is number => r !== null);
  const firstRank = found.length ? Math.min(...found) : null;
  const recall: Record<number, number> = {};
  for (const k of ks) recall[k] = rankOf.filter((r) => r !== null && r <= k).length / evidence.length;
  return { recall, reciprocalRank: firstRank ? 1 / firstRank : 0, firstRank };
}

export interface CorrectnessInput {
  answer: string;
  abstained: boolean;
  aliases: string[];
  match: 'any' | 'all';
}

/**
 * SQuAD 2.0-style correctness: an unanswerable item is correct only when the
 * system abstained; an answerable item that abstains is wrong, otherwise it
 * must match the gold aliases.
 */
export function isCorrect({ answer, abstained, aliases, match }: CorrectnessInput): boolean {
  if (!aliases.length) return abstained;
  if (abstained) return false;
  return answerMatches(answer, aliases, match);
}

/** The p-th percentile (0–100) by linear interpolation; NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Mean of the non-null values; null when there are none. */
export function meanOf(values: Array<number | boolean | null | undefined>): number | null {
  const xs = values.filter((v): v is number | boolean => v !== null && v !== undefined).map(Number);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** Sample standard deviation (0 for fewer than two values). */
export function stdev(values: number[]): number {
  if (values.length < 2) return 0;
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}
