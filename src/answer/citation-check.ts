import { MONTH_NAMES } from '../core/months.js';
import { splitSentences } from '../core/sentences.js';
import { citationFor, type Chunk, type Citation } from '../core/types.js';
import { tokenize } from '../retrieval/tokenize.js';

/** The outcome of checking a model's answer against the sources it was given. */
export interface CheckedAnswer {
  /** The answer with invalid markers removed and the rest renumbered 1..k in order of first use. */
  answer: string;
  /** One citation per source used, `quote` verbatim from that source. */
  citations: Citation[];
  /** Source numbers the model cited that it was never given (removed from the text). */
  removed: number[];
  /** Sentences with a number or date that none of their cited sources contain, or that cite nothing. */
  unsupported: string[];
}

/** Feeds a model's reply in pieces and hands back checked text sentence by sentence. */
export interface CitationChecker {
  /** Add raw model text; returns checked text of the sentences completed so far ('' when none). */
  push(text: string): string;
  /** Flush the last sentence; returns its checked text and the whole result. */
  finish(): { text: string; result: CheckedAnswer };
}

// "[2]", "[1, 3]", "[1][2]", "[Source 2]".
const MARKER = /[ \t]*\[(?:sources?\s*)?(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/gi;
const LEADING_MARKERS = /^\s*(?:\[(?:sources?\s*)?\d{1,3}(?:\s*[,;]\s*\d{1,3})*\])+/i;
const MONTHS: readonly string[] = MONTH_NAMES;

/**
 * Checks the `[n]` citations of a model's answer, where source n is
 * `sources[n - 1]`: markers pointing at sources that were not given are
 * dropped, every number and month in a cited sentence must occur in a cited
 * source, and each citation quotes the source sentence that best matches
 * what the answer says with it (verbatim, by token overlap).
 * Works incrementally so an answer can stream while it is checked.
 */
export function createCitationChecker(sources: Chunk[]): CitationChecker {
  let buffer = '';
  let emitted = '';
  const order = new Map<number, number>(); // source number → citation number
  const claims = new Map<number, string[]>(); // source number → claim texts citing it
  const removed: number[] = [];
  const unsupported: string[] = [];
  const facts = sources.map((c) => factsOf(c.text, true));

  const checkSentence = (sentence: string): string => {
    const cited: number[] = [];
    const text = sentence.replace(MARKER, (match, list: string) => {
      const lead = /^[ \t]*/.exec(match)![0];
      const valid: number[] = [];
      for (const n of list.split(/[,;]/).map((s) => Number(s.trim()))) {
        if (n >= 1 && n <= sources.length) valid.push(n);
        else removed.push(n);
      }
      const unique = [...new Set(valid)];
      cited.push(...unique);
      return unique.length ? lead + unique.map((n) => `[${numberFor(n)}]`).join('') : '';
    });
    const claim = sentence.replace(MARKER, '').trim();
    for (const n of new Set(cited)) claims.set(n, [...(claims.get(n) ?? []), claim]);
    const own = factsOf(claim, false);
    if (own.size) {
      const available = new Set([...new Set(cited)].flatMap((n) => [...facts[n - 1]]));
      if (!cited.length || [...own].some((f) => !available.has(f))) unsupported.push(claim);
    }
    return text;
  };
  const numberFor = (n: number) => {
    let k = order.get(n);
    if (k === undefined) order.set(n, (k = order.size + 1));
    return k;
  };
  /** Checks a run of whole sentences, keeping the whitespace between them. */
  const checkRun = (run: string): string => {
    let out = '';
    let at = 0;
    for (const [start, end] of sentenceSpans(run)) {
      out += run.slice(at, start) + checkSentence(run.slice(start, end));
      at = end;
    }
    return out + run.slice(at);
  };
  const emit = (text: string) => {
    const piece = emitted ? text : text.trimStart();
    emitted += piece;
    return piece;
  };

  return {
    push(text) {
      buffer += text;
      const spans = sentenceSpans(buffer);
      if (spans.length < 2) return '';
      let cut = spans[spans.length - 1][0];
      const lead = LEADING_MARKERS.exec(buffer.slice(cut));
      if (lead) cut += lead[0].length;
      // Wait until the next sentence has begun, so trailing markers stay with theirs.
      if (!buffer.slice(cut).trim()) return '';
      const run = buffer.slice(0, cut);
      buffer = buffer.slice(cut);
      return emit(checkRun(run));
    },
    finish() {
      const text = emit(checkRun(buffer).trimEnd());
      buffer = '';
      const citations = [...order].map(([n, k]) => citationFor(k, sources[n - 1], bestQuote(sources[n - 1], claims.get(n) ?? [])));
      return { text, result: { answer: emitted, citations, removed, unsupported } };
    },
  };
}

/** Check a complete answer at once. */
export function checkCitations(answer: string, sources: Chunk[]): CheckedAnswer {
  const checker = createCitationChecker(sources);
  checker.push(answer);
  return checker.finish().result;
}

/** Sentence spans where a sentence's trailing markers ("... border. [2]") stay with it. */
function sentenceSpans(text: string): Array<[number, number]> {
  const spans = splitSentences(text);
  for (let i = 1; i < spans.length; i++) {
    const lead = LEADING_MARKERS.exec(text.slice(spans[i][0], spans[i][1]));
    if (!lead) continue;
    spans[i - 1] = [spans[i - 1][0], spans[i][0] + lead[0].length];
    let start = spans[i][0] + lead[0].length;
    while (start < spans[i][1] && /\s/.test(text[start])) start++;
    spans[i] = [start, spans[i][1]];
  }
  return spans.filter(([s, e]) => e > s);
}

/**
 * Numbers (digits, and in sources also number words like "fifty-three") and
 * month names, normalised so "1,075" matches "1075" and "Aug." matches "August".
 */
export function factsOf(text: string, includeWords: boolean): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\d[\d,]*(?:\.\d+)?/g)) out.add(m[0].replace(/,(?=\d{3})/g, '').replace(/,+$/, ''));
  const lower = text.toLowerCase();
  for (const month of MONTHS) {
    const re = month === 'may' ? /\bmay\b(?=\s+\d)/ : new RegExp(`\\b${month.slice(0, 3)}(?:${month.slice(3)}|\\.)?\\b`);
    if (re.test(lower)) out.add(month);
  }
  if (includeWords) for (const n of numberWords(lower)) out.add(String(n));
  return out;
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

/** Values of spelled-out numbers ("two-hundred and forty" → 240). */
function numberWords(lower: string): number[] {
  const out: number[] = [];
  let total = 0;
  let current = 0;
  let active = false;
  const flush = () => {
    if (active) out.push(total + current);
    total = current = 0;
    active = false;
  };
  for (const word of lower.split(/[^a-z]+/)) {
    if (word in UNITS) {
      current += UNITS[word];
      active = true;
    } else if (word === 'hundred' && active) current *= 100;
    else if (word === 'thousand' && active) {
      total += current * 1000;
      current = 0;
    } else if (word === 'million' && active) {
      total += current * 1_000_000;
      current = 0;
    } else if (!(word === 'and' && active)) flush();
  }
  flush();
  return out;
}

/** The sentence of `chunk` (a whole row for table rows) that shares most with the claims citing it. */
function bestQuote(chunk: Chunk, claims: string[]): string {
  const spans = chunk.kind === 'table-row' ? [[0, chunk.text.length] as [number, number]] : splitSentences(chunk.text);
  if (spans.length === 0) return chunk.text;
  const wanted = new Set(claims.flatMap((c) => tokenize(c)));
  const wantedFacts = factsOf(claims.join(' '), false);
  let best = spans[0];
  let bestScore = -1;
  for (const span of spans) {
    const text = chunk.text.slice(span[0], span[1]);
    const terms = new Set(tokenize(text));
    let score = 0;
    for (const t of wanted) if (terms.has(t)) score += 1;
    for (const f of factsOf(text, true)) if (wantedFacts.has(f)) score += 2;
    score /= Math.sqrt(terms.size + 4);
    if (score > bestScore) [best, bestScore] = [span, score];
  }
  return chunk.text.slice(best[0], best[1]);
}
