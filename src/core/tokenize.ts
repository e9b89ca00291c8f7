/**
 * The one tokeniser: lexical retrieval, evidence scoring and the table engine's schema linking
 * all stem words the same way.
 */
import { stemmer as porter } from 'stemmer';

/** Words too common to help lexical matching. */
export const STOP_WORDS = new Set(
  ('a an and are as at be been being but by can could did do does done for from had has have how i if in into is it its ' +
    'me my no not of on or our over she so some such than that the their them then there these they this those through to ' +
    'under up us was we were what when where which while who whom why will with would you your about also any each more most ' +
    'other only own same too very s t just should now tell give list show name say said according report does did many much')
    .split(/\s+/),
);

/** Porter stemming, memoised: the vocabulary of one corpus is small. */
const stems = new Map<string, string>();
export function stem(word: string): string {
  if (/\d/.test(word) || word.length <= 3) return word;
  let s = stems.get(word);
  if (s === undefined) {
    s = porter(word);
    if (stems.size < 50_000) stems.set(word, s);
  }
  return s;
}

/**
 * Lowercased, stemmed content tokens. Numbers keep their digits ("1,075" → "1075")
 * so counts, years and sizes match lexically.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const normalized = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/(\d),(\d{3})/g, '$1$2')
    .replace(/[’']s\b/g, '');
  for (const raw of normalized.split(/[^\p{L}\p{N}]+/u)) {
    if (!raw || STOP_WORDS.has(raw)) continue;
    tokens.push(stem(raw));
  }
  return tokens;
}
