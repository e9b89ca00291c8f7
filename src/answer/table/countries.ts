/** The five Central Asian states the appendices are organised by. */
export const CENTRAL_ASIAN_STATES = ['Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Turkmenistan', 'Uzbekistan'] as const;

/** Names, demonyms and ISO codes by which a question may name a country. */
const COUNTRY_WORDS: Array<{ name: string; words: RegExp; codes?: RegExp }> = [
  { name: 'Kazakhstan', words: /\bkazakh(?:stan|stani|s)?\b/i, codes: /\b(?:KZ|KAZ)\b/ },
  { name: 'Kyrgyzstan', words: /\bkyrgyz(?:stan|stani|s)?\b|\bkirghiz(?:ia)?\b/i, codes: /\b(?:KG|KGZ)\b/ },
  { name: 'Tajikistan', words: /\btajik(?:istan|s)?\b/i, codes: /\b(?:TJ|TJK)\b/ },
  { name: 'Turkmenistan', words: /\bturkmen(?:istan|s)?\b/i, codes: /\b(?:TM|TKM)\b/ },
  { name: 'Uzbekistan', words: /\buzbek(?:istan|s)?\b/i, codes: /\b(?:UZ|UZB)\b/ },
  { name: 'Russia', words: /\brussia(?:n|ns)?\b/i },
  { name: 'China', words: /\bchina\b|\bchinese\b|\bPRC\b/i },
  { name: 'Pakistan', words: /\bpakistan(?:i)?\b/i },
  { name: 'India', words: /\bindia(?:n)?\b/i },
];

/** Canonical country name for a word, demonym or code; null when it names none of the report's states. */
export function normaliseCountryName(word: string): string | null {
  const cleaned = word.replace(/<\/?b>|\*+/g, '').trim();
  for (const c of COUNTRY_WORDS) if (anchored(c.words).test(cleaned) || (c.codes && anchored(c.codes).test(cleaned))) return c.name;
  return null;
}

/** Every country a text mentions, in order of first mention. China is included; callers drop it when it is implied. */
export function countriesIn(text: string): string[] {
  const found: Array<{ name: string; at: number }> = [];
  for (const c of COUNTRY_WORDS) {
    const at = Math.min(...[c.words, c.codes].filter((r): r is RegExp => !!r).map((r) => text.search(r)).filter((i) => i >= 0));
    if (Number.isFinite(at)) found.push({ name: c.name, at });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.name);
}

/** A regex matching the country's name or demonym anywhere (for finding it in prose). */
export function countryPattern(name: string): RegExp | null {
  return COUNTRY_WORDS.find((c) => c.name === name)?.words ?? null;
}

function anchored(re: RegExp): RegExp {
  return new RegExp(`^(?:${re.source})$`, re.flags);
}
