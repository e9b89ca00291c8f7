import { splitSentences } from '../../core/sentences.js';
import type { Chunk } from '../../core/types.js';
import { CENTRAL_ASIAN_STATES, countriesIn, countryPattern } from './countries.js';

/** A sentence of the report's prose that states a count the appendix also answers. */
export interface ProseStatement {
  chunk: Chunk;
  /** The sentence, verbatim from the chunk's text. */
  quote: string;
  /** The count the sentence states for the country (or in total). */
  value: number;
}

/** What each appendix counts, as the prose words it. */
const NOUNS: Record<number, RegExp> = {
  1: /\bmeetings?\b/i,
  2: /\b(?:SCO|multilateral)\b[^.;]*\bexercises?\b/i,
  3: /\bbilateral(?:ly)?\b[^.]*\bexercises?\b|\bexercises?\b[^.]*\bbilaterally\b/i,
  4: /\btraining\b/i,
  5: /\btransfers?\b/i,
};

const COUNT_NUMBER = /\b(?<!\$)(\d{1,3}(?:,\d{3})*)(?!\s*(?:%|percent|km|kilomet|th\b|st\b|nd\b|rd\b))\b/g;

/**
 * Find a sentence in the report's prose (outside the appendices) that states
 * how many of an appendix's items there are, for one country or in total —
 * e.g. "the PRC and Kyrgyzstan conducted at least 80 bilateral meetings".
 * The appendix and the prose may disagree; the answer then says both.
 */
export function findProseStatement(chunks: readonly Chunk[], appendix: number, country: string | null): ProseStatement | null {
  const noun = NOUNS[appendix];
  if (!noun) return null;
  const countryRe = country ? countryPattern(country) : null;
  if (country && !countryRe) return null;
  for (const chunk of chunks) {
    if (chunk.kind !== 'prose' || /^appendix/i.test(chunk.section[0] ?? '')) continue;
    for (const [start, end] of splitSentences(chunk.text)) {
      const sentence = chunk.text.slice(start, end);
      if (!noun.test(sentence)) continue;
      const value = countryRe ? countryCount(sentence, countryRe) : totalCount(sentence, noun);
      if (value !== null) return { chunk, quote: sentence, value };
    }
  }
  return null;
}

/** The count in the clause (split at ";") that names the country, if the clause has exactly one count-like number. */
function countryCount(sentence: string, countryRe: RegExp): number | null {
  for (const clause of sentence.split(';')) {
    if (!countryRe.test(clause)) continue;
    const numbers = countNumbers(clause);
    // A clause naming several Central Asian states ("with Kyrgyzstan and Tajikistan") is not a per-country count.
    const states = countriesIn(clause).filter((c) => (CENTRAL_ASIAN_STATES as readonly string[]).includes(c));
    if (numbers.length === 1 && states.length === 1) return numbers[0];
  }
  return null;
}

/** A total such as "A total of 12 military exercises" or "265 official records of high-level meetings". */
function totalCount(sentence: string, noun: RegExp): number | null {
  if (!/\b(?:a total of|in total|at least|about|over|more than|records? of|documented)\b/i.test(sentence)) return null;
  for (const m of sentence.matchAll(COUNT_NUMBER)) {
    const value = Number(m[1].replace(/,/g, ''));
    if (isYear(value)) continue;
    const after = sentence.slice(m.index! + m[0].length).split(/\s+/).slice(0, 8).join(' ');
    if (noun.test(after)) return value;
  }
  return null;
}

function countNumbers(text: string): number[] {
  return [...text.replace(/<sup>\d+<\/sup>/g, '').matchAll(COUNT_NUMBER)].map((m) => Number(m[1].replace(/,/g, ''))).filter((n) => !isYear(n));
}

function isYear(n: number): boolean {
  return n >= 1900 && n <= 2100;
}
