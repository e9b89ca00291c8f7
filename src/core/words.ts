/**
 * The few genuinely general English word lists Dossier needs (number words, irregular verb
 * forms; month names in ./months.ts), kept in one place instead of copied per feature.
 */

/** Month names live in ./months.ts (shared with ingest); re-exported so one import serves question parsing. */
export { MONTH_NAMES, monthNumber } from './months.js';

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** The value of a number word ("seven" → 7, "forty" → 40, "hundred" → 100, "dozen" → 12); null otherwise. */
export function numberWordValue(word: string): number | null {
  const w = word.toLowerCase();
  const unit = UNITS.indexOf(w);
  if (unit >= 0) return unit;
  const ten = TENS.indexOf(w);
  if (ten >= 2) return ten * 10;
  return ({ dozen: 12, hundred: 100, thousand: 1000, million: 1_000_000 } as Record<string, number>)[w] ?? null;
}

/** A number in words for small counts in answers ("three"), digits from ten on. */
export function countInWords(n: number): string {
  return n >= 0 && n < 10 ? UNITS[n] : String(n);
}

/**
 * Irregular English verb forms mapped to the base form, so "met" links to "meeting" and "held" to
 * "hold". General English, not any document's vocabulary.
 */
export const IRREGULAR_VERBS: Readonly<Record<string, string>> = {
  met: 'meet', held: 'hold', took: 'take', taken: 'take', gave: 'give', given: 'give', sent: 'send', sold: 'sell',
  bought: 'buy', did: 'do', done: 'do', made: 'make', went: 'go', gone: 'go', ran: 'run', led: 'lead', brought: 'bring',
  fought: 'fight', taught: 'teach', saw: 'see', seen: 'see', began: 'begin', begun: 'begin', paid: 'pay', won: 'win', got: 'get',
  sought: 'seek', spent: 'spend', built: 'build', became: 'become', came: 'come', signed: 'sign',
};

/** Levenshtein distance, for typo-tolerant matching of short words. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length || !b.length) return a.length + b.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
