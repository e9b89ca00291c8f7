/**
 * Country names without a hand-written list: the English names of every ISO 3166 region that
 * ICU (bundled with Node) knows, plus the demonym forms English derives from them
 * ("…stan" → its stem, "…a" → "…an", "…ia" → "…ian", "…a" → "…ese", "…" → "…i"/"…ese"/"…ish").
 */

interface CountryName {
  name: string;
  /** Matches the name or a demonym as a whole word. */
  pattern: RegExp;
}

let countries: CountryName[] | undefined;

/** Every country ICU names in English, each with a whole-word pattern for it and its demonyms. */
export function countryNames(): readonly CountryName[] {
  if (countries) return countries;
  const display = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const names = new Set<string>();
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      // X*, Q* and ZZ are private-use or aggregate codes ("Outlying Oceania", "Unknown Region").
      if (code[0] === 'X' || code[0] === 'Q' || code === 'ZZ' || code === 'EU' || code === 'EZ' || code === 'UN') continue;
      const name = display.of(code);
      if (name && name !== code && /^[\p{L} .'-]+$/u.test(name)) names.add(name);
    }
  countries = [...names].map((name) => ({ name, pattern: new RegExp(`\\b(?:${demonymForms(name).map(escape).join('|')})\\b`, 'i') }));
  return countries;
}

/** The canonical country name for a word or demonym ("Afghan" → the -stan name it stems from, "Chinese" → China); null when none. */
export function normaliseCountryName(word: string): string | null {
  const w = word.trim();
  for (const c of countryNames()) if (new RegExp(`^(?:${c.pattern.source})$`, 'i').test(w)) return c.name;
  return null;
}

/** Every country a text mentions, in order of first mention. */
export function countriesIn(text: string): string[] {
  const found: Array<{ name: string; at: number }> = [];
  for (const c of countryNames()) {
    const at = text.search(c.pattern);
    if (at >= 0) found.push({ name: c.name, at });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.name);
}

/** A pattern matching the country's name or demonym anywhere (for finding it in prose). */
export function countryPattern(name: string): RegExp | null {
  return countryNames().find((c) => c.name === name)?.pattern ?? null;
}

function demonymForms(name: string): string[] {
  const forms = new Set([name, `${name}'s`]);
  if (name.includes(' ')) return [...forms];
  if (/stan$/i.test(name)) {
    const stem = name.replace(/(?:i)?stan$/i, '');
    for (const f of [stem, `${stem}s`, `${name}i`, `${name}is`]) forms.add(f);
  } else if (/ia$/i.test(name)) {
    forms.add(`${name}n`).add(`${name}ns`);
  } else if (/a$/i.test(name)) {
    forms.add(`${name}n`).add(`${name}ns`).add(`${name.slice(0, -1)}ese`);
  } else {
    forms.add(`${name}i`).add(`${name}is`);
  }
  return [...forms];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
