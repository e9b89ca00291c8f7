const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'from', 'in', 'into', 'nor', 'of', 'on', 'or', 'per', 'the', 'to', 'via', 'vs', 'with']);

/**
 * How a document itself writes its words in running text: "china" → "China",
 * "sco" → "SCO", "central asian" → "Central Asian". Learned from the
 * document's mixed-case lines, so restoring the case of an ALL-CAPS heading
 * or caption needs no list of names. Words at a sentence start do not count;
 * a single word counts as a name only where it stands alone (so "Affairs",
 * capitalised inside "Ministry of Foreign Affairs", stays lowercase), and
 * runs of capitalised words are learned as phrases.
 */
export interface CaseDictionary {
  /** The document's usual spelling of a standalone word when it is capitalised or an acronym mid-sentence; null otherwise. */
  formOf(word: string): string | null;
  /** The document's spelling of a 2–4 word phrase it usually capitalises ("Central Asian"), else null. */
  phraseOf(words: string[]): string[] | null;
}

/** An empty dictionary: every word falls back to plain capitalisation rules. */
export const NO_CASE_DICTIONARY: CaseDictionary = { formOf: () => null, phraseOf: () => null };

const WORD = /[\p{L}][\p{L}\p{N}’']*/gu;
const MAX_PHRASE = 4;

/** Learn a CaseDictionary from a document's text. */
export function learnCase(text: string): CaseDictionary {
  const single = new Map<string, Map<string, number>>();
  const phrases = new Map<string, Map<string, number>>();
  const bump = (map: Map<string, Map<string, number>>, key: string, form: string) => {
    let forms = map.get(key);
    if (!forms) map.set(key, (forms = new Map()));
    forms.set(form, (forms.get(form) ?? 0) + 1);
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/<[^>]*>/g, (tag) => ' '.repeat(tag.length)).replace(/\]\([^)]*\)|https?:\/\/\S+/g, (url) => ' '.repeat(url.length));
    if (!/\p{Ll}/u.test(line)) continue; // all-caps lines teach nothing
    const words = [...line.matchAll(WORD)].map((m) => {
      const at = m.index ?? 0;
      const prefix = line.slice(0, at).trimEnd();
      return {
        text: m[0].replace(/[’']s$/, ''),
        start: at,
        end: at + m[0].length,
        sentenceStart: prefix === '' || /[.!?:;"“”‘(\[*#>|•–—-]$/u.test(prefix),
        capital: /^\p{Lu}/u.test(m[0]),
      };
    });
    words.forEach((w, i) => {
      if (w.sentenceStart) return;
      const joinedPrev = i > 0 && line.slice(words[i - 1].end, w.start) === ' ';
      const joinedNext = i + 1 < words.length && line.slice(w.end, words[i + 1].start) === ' ';
      const prevCap = joinedPrev && words[i - 1].capital;
      const nextCap = joinedNext && words[i + 1].capital;
      if (!w.capital || (!prevCap && !nextCap)) bump(single, w.text.toLowerCase(), w.text);
      // phrases starting here: consecutive words joined by single spaces
      const run = [w.text];
      for (let j = i + 1; j < words.length && run.length < MAX_PHRASE && line.slice(words[j - 1].end, words[j].start) === ' '; j++) {
        run.push(words[j].text);
        bump(phrases, run.join(' ').toLowerCase(), run.join(' '));
      }
    });
  }
  const usual = (map: Map<string, Map<string, number>>) => {
    const known = new Map<string, string>();
    for (const [key, forms] of map) {
      const lower = forms.get(key) ?? 0;
      let best: [string, number] | null = null;
      for (const [form, n] of forms) if (form !== key && (!best || n > best[1])) best = [form, n];
      if (best && best[1] > lower && /^\p{Lu}/u.test(best[0])) known.set(key, best[0]);
    }
    return known;
  };
  const knownWords = usual(single);
  const knownPhrases = usual(phrases);
  for (const [key, form] of knownPhrases) {
    // a phrase counts only when every word of it is capitalised ("Central Asian", not "China and")
    const words = form.split(' ');
    if (!words.every((w) => /^\p{Lu}/u.test(w)) || words.every((w) => !/\p{Ll}/u.test(w))) knownPhrases.delete(key);
  }
  return {
    formOf: (word) => knownWords.get(word.toLowerCase()) ?? null,
    phraseOf: (words) => knownPhrases.get(words.join(' ').toLowerCase())?.split(' ') ?? null,
  };
}

/** Strip markdown emphasis and surrounding whitespace from a heading. */
export function stripHeadingMarkup(raw: string): string {
  return raw.replace(/<\/?b>/g, '').replace(/\*+/g, '').replace(/\s+/g, ' ').trim();
}

/** True when a heading has letters and none of them is lowercase (an all-caps heading). */
export function isAllCaps(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}

/** Rewrite each word of an all-caps text; hyphenated parts ("IN-CHINA") are handled one by one. */
function recase(text: string, word: (part: string, index: number) => string): string {
  let index = 0;
  return text.replace(WORD, (part) => word(part, index++));
}

/** "ASSESSMENT AND CONCLUSION" → "Assessment and Conclusion"; acronyms the document writes in capitals stay so. Mixed case is returned as is. */
export function titleCase(text: string, dictionary: CaseDictionary = NO_CASE_DICTIONARY): string {
  if (!isAllCaps(text)) return text;
  return recase(text, (part, i) => {
    const form = dictionary.formOf(part);
    if (form && form === form.toUpperCase() && form.length > 1) return form;
    const lower = part.toLowerCase();
    if (i > 0 && SMALL_WORDS.has(lower)) return lower;
    return lower.charAt(0).toUpperCase() + lower.slice(1);
  });
}

/** "BILATERAL JOINT SECURITY EXERCISE BETWEEN CHINA AND …" → "Bilateral joint security exercise between China and …" (names as the document writes them). */
export function sentenceCase(text: string, dictionary: CaseDictionary = NO_CASE_DICTIONARY): string {
  if (!isAllCaps(text)) return text;
  const words = [...text.matchAll(WORD)].map((m) => ({ text: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  const forms = words.map((w) => dictionary.formOf(w.text) ?? w.text.toLowerCase());
  for (let i = 0; i < words.length; i++) {
    for (let n = MAX_PHRASE; n >= 2; n--) {
      const run = words.slice(i, i + n);
      if (run.length < n || run.some((w, k) => k > 0 && text.slice(run[k - 1].end, w.start) !== ' ')) continue;
      const phrase = dictionary.phraseOf(run.map((w) => w.text));
      if (phrase) {
        phrase.forEach((form, k) => (forms[i + k] = form));
        i += n - 1;
        break;
      }
    }
  }
  let out = '';
  let last = 0;
  words.forEach((w, i) => {
    out += text.slice(last, w.start) + forms[i];
    last = w.end;
  });
  out += text.slice(last);
  const first = out.search(/\p{L}/u);
  return first < 0 ? out : out.slice(0, first) + out.charAt(first).toUpperCase() + out.slice(first + 1);
}
