import { tokenize } from '../retrieval/tokenize.js';
export { acronymAliases, corpusAliases, termAliases } from '../core/acronyms.js';
import { countriesIn, countryPattern } from '../core/countries.js';
import { MONTH_NAMES, monthNumber } from '../core/months.js';

/** What kind of answer a question asks for, judged from its wording. */
export type ExpectedAnswer = 'quantity' | 'time' | 'place' | 'any';

const AMOUNT_NOUN = '(?:number|amount|percentage|share|proportion|size|value|sum|budget|cost|price|salary|pay|population|length|total)';
const QUANTITY = new RegExp(
  `\\b(how (many|much|large|big|long|high|often)|what ${AMOUNT_NOUN}|number of|amount of|total (number|value|amount))\\b` +
    // "What was the (annual / monetary) budget of …", "What was the grant worth?"
    `|\\bwhat (is|was|were|are) (the )?([\\w-]+ ){0,2}?${AMOUNT_NOUN}\\b|\\bwhat (is|was|were|are)\\b.*\\bworth\\b`,
  'i',
);
const TIME = /\b(when|what (year|month|date|day)|which (year|month|date)|in what year|since when|how long ago)\b/i;

const PLACE = /^\s*(where\b|in (which|what) (city|town|country|place|region|province|village|location)\b)/i;
const MONTHS = MONTH_NAMES.map((m) => m[0].toUpperCase() + m.slice(1)).join('|');
const HAS_PLACE = new RegExp(`\\b(Location:|(in|at|near|from|to) (the )?(?!(${MONTHS})\\b)\\p{Lu}\\p{L}+)`, 'u');

const NUMBER_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|dozens|first|second|third|single|half|double|twice|once';
// A count or amount: a number that is not just a year, or a number word.
const HAS_QUANTITY = new RegExp(`(?<![\\d,.])(?!(?:19|20)\\d\\d(?![\\d,]))\\d[\\d,.]*|\\b(${NUMBER_WORDS})\\b`, 'i');
const HAS_TIME = /\b(1[89]\d\d|20\d\d|\d{4}s|january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|fall|winter|decade|century)\b/i;

/** The answer type a question expects (a count or amount, a time, a place, or anything). */
export function expectedAnswer(question: string): ExpectedAnswer {
  if (TIME.test(question)) return 'time';
  if (QUANTITY.test(question)) return 'quantity';
  if (PLACE.test(question)) return 'place';
  return 'any';
}

/** Whether a passage can answer a question of that type at all (a count needs a number, a "when" a date, a "where" a place name). */
export function canAnswer(expected: ExpectedAnswer, text: string): boolean {
  if (expected === 'quantity') return HAS_QUANTITY.test(text);
  if (expected === 'time') return HAS_TIME.test(text);
  if (expected === 'place') return HAS_PLACE.test(text);
  return true;
}

const YEAR = /\b(?:1[89]|20)\d\d\b/g;

/** Years a question pins its subject to ("in 2015", "the 2019 exercise"). */
export function namedYears(question: string): string[] {
  return [...new Set(question.match(YEAR) ?? [])];
}

/**
 * Whether a passage is about one of the years a question names. Evidence about
 * another year does not answer "how many … in 2015", however similar it reads.
 */
export function fitsYears(years: readonly string[], text: string): boolean {
  if (years.length === 0) return true;
  const key = years.join('|');
  let re = yearPatterns.get(key);
  if (!re) {
    // Compiled once per set of years; bounded, since the years come from client input.
    if (yearPatterns.size >= 500) yearPatterns.clear();
    yearPatterns.set(key, (re = new RegExp(`\\b(?:${key})\\b`)));
  }
  return re.test(text);
}
const yearPatterns = new Map<string, RegExp>();

/**
 * Months a question pins its subject to ("in March", "the August 2019 exercise"), lower case. "May" counts
 * only where it cannot be the verb: before a year, or capitalised past the first word.
 */
export function namedMonths(question: string): string[] {
  const out = new Set<string>();
  for (const m of question.matchAll(/\b(\p{L}+)\b/gu)) {
    const word = m[1].toLowerCase();
    if (!MONTH_WORDS.has(word)) continue;
    if (word === 'may' && !(/^\s+(?:19|20)\d\d\b/.test(question.slice(m.index! + 3)) || (m[1] === 'May' && m.index! > 0 && /\S/.test(question.slice(0, m.index))))) continue;
    out.add(word);
  }
  return [...out];
}

/** Whether a passage names one of the months a question names; true when the question names none. */
export function fitsMonths(months: readonly string[], text: string): boolean {
  if (months.length === 0) return true;
  const said = monthsIn(text);
  return months.some((m) => said.includes(m));
}

/**
 * The months a text names, lower case, read as ingest reads table dates (`monthNumber`: full names,
 * abbreviations such as "Aug." and "Sept", and misspellings such as "Feburary"). "May" counts only
 * beside a year or a day ("May 2019", "3 May"), where it cannot be the verb.
 */
export function monthsIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b\p{L}{3,9}\b\.?/gu)) {
    const word = m[0].toLowerCase().replace(/\.$/, '');
    // Three letters ("Aug") or a whole name; a longer prefix ("Marc") is a name, not a month.
    if (word.length === 4 && !['june', 'july', 'sept'].includes(word)) continue;
    const n = monthNumber(word);
    if (n === null) continue;
    if (n === 5 && !/^May\b/.test(m[0])) continue;
    if (n === 5 && !(/^\s+(?:\d{1,2},?\s+)?(?:1[89]|20)\d\d\b/.test(text.slice(m.index! + 3)) || /\d\s+$/.test(text.slice(0, m.index)))) continue;
    out.add(MONTH_NAMES[n - 1]);
  }
  return [...out];
}

/** Words that end the noun phrase after "how many" (auxiliaries, prepositions, determiners). */
const PHRASE_END = new Set(
  ('and or are were is was be been did do does have has had can could will would may might should of in on at to from for by with ' +
    'into during between among within across under over per than that which who whose whom the a an this these those their its').split(' '),
);
/** Ways the report may name a number of people: "troops" is answered by a table's "Size (in personnel)". */
const PEOPLE = tokenize('people persons personnel troops soldiers servicemen participants staff men forces');

/**
 * The stems that name what a "how many" question counts ("How many Chinese
 * troops are stationed…" → troops, or any word for people), or undefined when
 * the phrase has no recognisable plural head ("How many took part").
 */
export function countedThing(question: string): string[] | undefined {
  // "How many times" asks how often: "twice a year" answers it without the word.
  const m = /\bhow many\s+(?!times\b)(.*)$/i.exec(question);
  if (!m) return undefined;
  const phrase: string[] = [];
  for (const word of m[1].split(/\s+/)) {
    const w = word.replace(/[^\p{L}-]/gu, '');
    if (!w || PHRASE_END.has(w.toLowerCase())) break;
    phrase.push(w);
    if (phrase.length === 5) break;
  }
  const heads = phrase.filter((w) => /[^s'’]s$/i.test(w) || PEOPLE.includes(tokenize(w)[0] ?? ''));
  const head = heads.at(-1);
  if (!head) return undefined;
  const stem = tokenize(head)[0];
  if (!stem) return undefined;
  return PEOPLE.includes(stem) ? PEOPLE : [stem];
}

const CARDINALS = NUMBER_WORDS.split('|').filter((w) => !['first', 'second', 'third', 'single', 'half', 'double', 'twice', 'once'].includes(w)).join('|');
const QUANTITY_WORD = new RegExp(`^(?:(?!(?:19|20)\\d\\d$)\\d[\\d,.]*(?:[-–]\\d[\\d,.]*)?\\+?|(?:${CARDINALS})(?:[-–](?:${CARDINALS}))*)$`, 'i');
/** How far (in words) a number may stand from the noun it counts: "38 drug traffickers", "over 1,000 Central Asian security officers". */
const COUNT_WINDOW = 5;

/**
 * Whether a text gives a number *of* the counted thing: a number a few words before one of its words
 * ("about 100 army representatives"), or a number right after it in a label ("Size (in personnel): 24-40",
 * "troops numbering 2,000"). A number that counts something else ("four border posts" for "how many
 * soldiers") does not count. True when the question counts nothing recognisable.
 */
export function countsThing(counted: readonly string[] | undefined, text: string): boolean {
  if (!counted) return true;
  const words = text.split(/[\s/]+/).filter(Boolean);
  const stems = words.map((w) => tokenize(w)[0]);
  const isNumber = words.map((w) => QUANTITY_WORD.test(w.replace(/^[(\[~≈<>]+|[)\],;:.]+$/g, '')));
  for (let i = 0; i < words.length; i++) {
    if (!stems[i] || !counted.includes(stems[i]!)) continue;
    for (let j = Math.max(0, i - COUNT_WINDOW); j < i; j++) if (isNumber[j]) return true;
    // "personnel): 24-40", "troops numbering 2,000", "participants (120)"
    for (let j = i + 1; j <= Math.min(words.length - 1, i + 3); j++) {
      if (isNumber[j]) return true;
      if (/[;.]$/.test(words[j - 1]) && j - 1 !== i) break;
    }
  }
  return false;
}

/** Whether a passage (its text, or its stemmed terms) names the thing a "how many" question counts (see `countedThing`). */
export function namesCounted(counted: readonly string[] | undefined, passage: string | ReadonlySet<string>): boolean {
  if (!counted) return true;
  const terms = typeof passage === 'string' ? new Set(tokenize(passage)) : passage;
  return counted.some((t) => terms.has(t));
}

/**
 * Countries a question is about ("the 2019 Chile–Peru accord"), as patterns
 * that also match their demonyms. The corpus's own subject (`anchors`, read
 * from the index) is left out: every passage is about it.
 */
export function namedCountries(question: string, anchors: ReadonlySet<string> = new Set()): RegExp[] {
  return countriesIn(question)
    .filter((c) => !anchors.has(c))
    .map(countryPattern)
    .filter((re): re is RegExp => re !== null);
}

/** Whether a passage mentions one of the countries a question is about (any if it names none). */
export function fitsCountries(countries: readonly RegExp[], text: string): boolean {
  return countries.length === 0 || countries.some((re) => re.test(text));
}

const MONTH_WORDS: ReadonlySet<string> = new Set(MONTH_NAMES);

/**
 * Capitalised words past a question's first word that the evidence's passage should
 * contain: "RATS", "Dushanbe", "Peace Mission". Countries and years are checked on
 * their own (countries, the corpus's subject among them, are left to `namedCountries`); months are left out.
 */
export function namedTerms(question: string): string[] {
  const words = question.replace(/^\s*\S+\s*/, '').match(/\b\p{Lu}[\p{L}\p{N}+]*(?:-\p{Lu}[\p{L}\p{N}]*)*/gu) ?? [];
  return [...new Set(words.filter((w) => !countriesIn(w).length && !MONTH_WORDS.has(w.toLowerCase()) && !/^(?:I|Appendix)$/.test(w)))];
}

/**
 * Whether a passage contains every named term, in any case, counting an acronym and
 * its long form as the same name (`aliases`: "RATS" ↔ "Regional Anti-Terrorism Structure").
 */
export function fitsNames(names: readonly string[], text: string, aliases: ReadonlyMap<string, string>): boolean {
  if (names.length === 0) return true;
  const lower = text.toLowerCase();
  return names.every((n) => {
    if (containsWord(lower, n.toLowerCase())) return true;
    const alias = aliases.get(n.toLowerCase());
    return alias !== undefined && containsWord(lower, alias);
  });
}

function containsWord(text: string, word: string): boolean {
  let at = text.indexOf(word);
  while (at >= 0) {
    const before = text[at - 1];
    const after = text[at + word.length];
    if ((!before || !/[\p{L}\p{N}]/u.test(before)) && (!after || !/[\p{L}\p{N}]/u.test(after) || /^s\b/.test(text.slice(at + word.length)))) return true;
    at = text.indexOf(word, at + 1);
  }
  return false;
}
