const COUNTRIES: Array<[RegExp, string]> = [
  [/^kazakh/i, 'Kazakhstan'],
  [/^kyrgyz/i, 'Kyrgyzstan'],
  [/^tajik/i, 'Tajikistan'],
  [/^turkmen/i, 'Turkmenistan'],
  [/^uzbek/i, 'Uzbekistan'],
];

/** "KYRGYZSTAN", "Kyrgyz", "kyrgyzstan" → "Kyrgyzstan"; null when the word names no Central Asian state. */
export function normaliseCountry(word: string): string | null {
  const cleaned = word.replace(/<\/?b>|\*+/g, '').trim();
  for (const [pattern, name] of COUNTRIES) if (pattern.test(cleaned)) return name;
  return null;
}
