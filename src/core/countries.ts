import { createRequire } from 'node:module';

/**
 * Country names, demonyms and their common derived forms, from the
 * `world-countries` data package (all 250 countries and territories, so no
 * report's own vocabulary lives in the code). One word → one canonical
 * English name: "Afghan", "Afghanistani", "Peruvians", "Chinese" → "Afghanistan",
 * "Afghanistan", "Peru", "China". Only single-word forms: a multi-word
 * name is found by its words' own forms when it has any.
 */
interface CountryRecord {
  name: { common: string; official: string };
  altSpellings: string[];
  demonyms?: Record<string, { f: string; m: string }>;
}

const require = createRequire(import.meta.url);
const COUNTRIES = require('world-countries/countries.json') as CountryRecord[];

/** Toponymic endings whose stem is also a people's name ("Afghan-istan"). */
const STEM_ENDINGS = ['istan', 'stan'];

const isWord = (s: string) => /^[\p{L}][\p{L}'’-]*$/u.test(s) && /^[\p{Script=Latin}'’-]+$/u.test(s);

function buildForms(): Map<string, string> {
  const forms = new Map<string, string>();
  const add = (form: string, country: string, { overwrite = false } = {}) => {
    const key = form.toLowerCase();
    if (key.length < 4 || !isWord(form)) return;
    if (overwrite || !forms.has(key)) forms.set(key, country);
  };
  for (const c of COUNTRIES) {
    const name = c.name.common;
    const demonyms = c.demonyms?.eng ? [c.demonyms.eng.m, c.demonyms.eng.f] : [];
    for (const d of demonyms) {
      add(d, name);
      add(`${d}s`, name);
    }
    for (const alt of c.altSpellings) if (!/^\p{Lu}{2,3}$/u.test(alt)) add(alt, name);
    for (const ending of STEM_ENDINGS) {
      if (!name.toLowerCase().endsWith(ending) || name.includes(' ')) continue;
      const stem = name.slice(0, name.length - ending.length);
      add(stem, name);
      add(`${stem}s`, name);
      add(`${name}i`, name);
    }
  }
  // A country's own name always wins over another's derived form.
  for (const c of COUNTRIES) if (!c.name.common.includes(' ')) add(c.name.common, c.name.common, { overwrite: true });
  return forms;
}

let forms: Map<string, string> | undefined;

/** The country a single word names ("Afghans" → "Afghanistan"), or undefined. Case-insensitive. */
export function countryOfWord(word: string): string | undefined {
  forms ??= buildForms();
  return forms.get(word.toLowerCase());
}

let formsByCountry: Map<string, string[]> | undefined;

/**
 * A whole-word pattern for a country's name and every form of it
 * ("Afghanistan", "Afghan", "Afghans", "Afghanistani", "Afghanistan's"), or
 * null for a name the data does not know.
 */
export function countryPattern(name: string): RegExp | null {
  forms ??= buildForms();
  if (!formsByCountry) {
    formsByCountry = new Map();
    for (const [form, country] of forms) {
      let list = formsByCountry.get(country);
      if (!list) formsByCountry.set(country, (list = []));
      list.push(form);
    }
  }
  const all = formsByCountry.get(name);
  if (!all) return null;
  const escaped = [...all].sort((a, b) => b.length - a.length).map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}])(?:${escaped.join('|')})(?![\\p{L}])`, 'iu');
}

/** Countries named in `text`, in order of first mention; hyphenated pairs ("Chile–Peru") count both. */
export function countriesIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/[\p{L}][\p{L}'’]*/gu)) {
    const c = countryOfWord(m[0]);
    if (c) found.add(c);
  }
  return [...found];
}

/**
 * The countries a corpus is about above all others: those named in at least
 * half as many sentences as the most-named one (a report on one country's
 * relations names it in most sentences, each partner in a few). A follow-up
 * keeps them when it swaps a country ("And with X?" replaces the other side,
 * not the report's subject).
 */
export function focalCountries(texts: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const sentence of text.split(/(?<=[.!?])\s+/)) for (const c of countriesIn(sentence)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const top = Math.max(0, ...counts.values());
  if (top < 3) return [];
  return [...counts].filter(([, n]) => n >= top / 2).map(([c]) => c);
}
