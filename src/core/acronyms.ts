import { tokenize } from './tokenize.js';

// Acronyms a corpus defines, read from its own text: the answerer counts an acronym and its long form as one
// name and one term.

/**
 * Acronyms the corpus defines ("Regional Anti-Terrorism Structure (RATS)"), both ways:
 * "rats" → "regional anti-terrorism structure", and each long-form word → the acronym.
 */
export function acronymAliases(texts: Iterable<string>): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const text of texts) {
    for (const m of text.matchAll(/((?:\p{Lu}[\p{L}-]*[ \t]+){1,6}?(?:\p{Lu}[\p{L}-]*))[ \t]+\(([\p{Lu}+\d]{2,8})s?\)/gu)) {
      const long = longForm(m[1], m[2]).toLowerCase();
      const short = m[2].toLowerCase();
      if (!aliases.has(short)) aliases.set(short, long);
      for (const w of long.split(/\s+/)) if (w.length > 3 && !aliases.has(w)) aliases.set(w, short);
    }
    // A long form in lower case ("unmanned aerial vehicles (UAVs)") counts only when its initials spell the acronym.
    for (const m of text.matchAll(/((?:\p{Ll}[\p{L}-]*[ \t]+){1,6}?\p{Ll}[\p{L}-]*)[ \t]+\((\p{Lu}[\p{Lu}\d]{1,7})s?\)/gu)) {
      const long = spelledBy(m[1].split(/[ \t]+/), m[2]);
      const short = m[2].toLowerCase();
      if (long && !aliases.has(short)) aliases.set(short, long.toLowerCase());
    }
  }
  return aliases;
}

const aliasCache = new WeakMap<object, Map<string, string>>();
/** The corpus's acronyms and their long forms (see `acronymAliases`), found once per loaded index. */
export function corpusAliases(index: { chunks: ReadonlyArray<{ text: string }> }): Map<string, string> {
  let aliases = aliasCache.get(index);
  if (!aliases) aliasCache.set(index, (aliases = acronymAliases(index.chunks.map((c) => c.text))));
  return aliases;
}

const termAliasCache = new WeakMap<object, Map<string, string[][]>>();
/**
 * Acronyms as stemmed terms with their long forms: "sco" → [["shanghai", "cooper", "organ"]]. A sentence that
 * spells the long form out covers a question's acronym.
 */
export function termAliases(index: { chunks: ReadonlyArray<{ text: string }> }): Map<string, string[][]> {
  let out = termAliasCache.get(index);
  if (!out) {
    out = new Map();
    for (const [key, value] of corpusAliases(index)) {
      const [k] = tokenize(key);
      const v = tokenize(value);
      // Only acronym → long form: a single long-form word ("organization") is not the acronym.
      if (!k || v.length < 2) continue;
      out.set(k, [...(out.get(k) ?? []), v]);
    }
    termAliasCache.set(index, out);
  }
  return out;
}

/**
 * The words of a capitalised run before "(ABC)" that the acronym stands for: the shortest tail whose initials
 * spell it ("Operators The Estuary Transport Board (ETB)" → "Estuary Transport Board"); else the run without
 * a leading article.
 */
function longForm(run: string, acronym: string): string {
  const words = run.split(/[ \t]+/);
  return spelledBy(words, acronym) ?? words.join(' ').replace(/^(?:The|A|An)\s+/, '');
}

/** The shortest tail of `words` whose initials (or the initials of their hyphenated parts) spell the acronym's capitals. */
function spelledBy(words: string[], acronym: string): string | undefined {
  const letters = acronym.replace(/[^\p{Lu}]/gu, '');
  for (let start = words.length - 1; start >= 0; start--) {
    const tail = words.slice(start);
    const initials = tail.map((w) => w[0]).join('').toUpperCase();
    const parts = tail.map((w) => w.split('-').map((p) => p[0] ?? '').join('')).join('').toUpperCase();
    if (initials === letters || parts === letters) return tail.join(' ');
  }
  return undefined;
}
