const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);
const PROPER_NOUNS: Array<[RegExp, string]> = [
  [/\bchina\b/g, 'China'],
  [/\bchinese\b/g, 'Chinese'],
  [/\bcentral asia\b/g, 'Central Asia'],
  [/\bcentral asian\b/g, 'Central Asian'],
  [/\bsco\b/g, 'SCO'],
  [/\bprc\b/g, 'PRC'],
  [/\b(kazakhstan|kyrgyzstan|tajikistan|turkmenistan|uzbekistan|russia|xinjiang)\b/g, ''],
];

/** Strip markdown emphasis and surrounding whitespace from a heading. */
export function stripHeadingMarkup(raw: string): string {
  return raw.replace(/<\/?b>/g, '').replace(/\*+/g, '').replace(/\s+/g, ' ').trim();
}

/** True when a heading has letters and none of them is lowercase (an all-caps heading). */
export function isAllCaps(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}

/** "ASSESSMENT AND CONCLUSION" → "Assessment and Conclusion"; mixed-case text is returned as is. */
export function titleCase(text: string): string {
  if (!isAllCaps(text)) return text;
  return text
    .toLowerCase()
    .split(' ')
    .map((word, i) => (i > 0 && SMALL_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ')
    .replace(/\bPrc\b/g, 'PRC')
    .replace(/\bSco\b/g, 'SCO');
}

/** "BILATERAL JOINT SECURITY EXERCISE BETWEEN CHINA AND ..." → "Bilateral joint security exercise between China and ...". */
export function sentenceCase(text: string): string {
  if (!isAllCaps(text)) return text;
  let out = text.toLowerCase();
  for (const [pattern, replacement] of PROPER_NOUNS) {
    out = out.replace(pattern, (word) => replacement || word.charAt(0).toUpperCase() + word.slice(1));
  }
  return out.charAt(0).toUpperCase() + out.slice(1);
}
