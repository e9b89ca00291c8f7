import { countriesIn } from '../core/countries.js';
import { MONTH_NAMES } from '../core/months.js';
import { corpusAnchors } from '../retrieval/corpus-anchors.js';
import { citationFor, type Answer, type Citation } from '../core/types.js';
import type { RetrievalResult, Retriever } from '../retrieval/hybrid-retriever.js';
import { tokenize } from '../retrieval/tokenize.js';
import {
  canAnswer,
  corpusAliases,
  countedThing,
  countsThing,
  expectedAnswer,
  fitsCountries,
  fitsMonths,
  fitsNames,
  fitsYears,
  monthsIn,
  namedCountries,
  namedMonths,
  namedTerms,
  namedYears,
  namesCounted,
} from './answer-type.js';
import type { Answerer } from './answerer.js';
import { unknownNames } from './unknown-names.js';
import { LIGHT_TERMS, scoreSentences, type ScoredSentence } from './evidence-scorer.js';
import { questionIntent } from './question-intent.js';
import { questionParts } from './question-parts.js';
import { carriesReason, definitionAnswer, favourReasons, metadataAnswer, overviewAnswer, smallTalkAnswer } from './shaped-answers.js';

export interface ExtractiveAnswererSettings {
  /** Longest answer, in words. */
  maxWords?: number;
  /** Most sentences quoted. */
  maxSentences?: number;
  /** Below this confidence (0–1) the answerer abstains. */
  abstainThreshold?: number;
  /**
   * For a second retrieval round: a two-part question whose second (or first) part the first evidence
   * does not cover is retrieved again with that part's own words. Without it, one round.
   */
  retriever?: Retriever;
}

/** How sure the best evidence is that it answers the question (0–1). */
export function confidenceOf(best: ScoredSentence | undefined): number {
  if (!best) return 0;
  return Math.max(0, Math.min(1, 0.5 * best.similarity + 0.5 * best.coverage));
}

/**
 * The offline default: quotes the best supporting sentences or table rows
 * verbatim with `[n]` markers, or abstains when the evidence is weak.
 */
export function createExtractiveAnswerer(settings: ExtractiveAnswererSettings = {}): Answerer {
  const maxWords = settings.maxWords ?? 80;
  const maxSentences = settings.maxSentences ?? 3;
  const threshold = settings.abstainThreshold ?? 0.42;
  return {
    id: 'extractive',
    async answer({ question, retrieval, previousAnswer }, options) {
      // The answer's shape follows what is asked (question-intent.ts): small talk gets a reply, questions
      // about the document itself its front matter, an overview a diverse extract of its summary and
      // conclusion, a definition the defining sentence, a "why"/"how" the sentences carrying the reason.
      const intent = questionIntent(question);
      if (intent.kind === 'smalltalk') return smallTalkAnswer(intent.act, retrieval.index);
      const shaped =
        intent.kind === 'metadata' ? metadataAnswer(intent, retrieval.index) : intent.kind === 'overview' ? overviewAnswer(intent.focus, retrieval) : undefined;
      if (shaped) return shaped;
      // Only evidence that can hold the kind of answer asked for (a number for "how many", a date for "when") counts.
      // A year or country the question names must appear in the evidence's passage (a table row's date and
      // country block, a paragraph's year), and a count must name what it counts ("how many troops" is not
      // answered by "four border posts"). Names the passage lacks weaken the evidence (namePenalty).
      const { ranked, confidence, unmet } = assessEvidence(question, retrieval, intent, previousAnswer);
      if (intent.kind === 'definition') {
        const defined = definitionAnswer(intent.term, intent.acronym, retrieval, ranked);
        if (defined) return defined;
      }
      // A follow-up whose best sentence is the one the user just read: what comes next in that passage, about the same
      // thing ("Which towns joined?" → "… Saltmarsh and Harrow." / "What did they buy?" → "These towns bought …").
      const read = previousAnswer ? ranked.find(alreadyRead(previousAnswer)) : undefined;
      const next = read ? continuation(read, retrieval, question) : undefined;
      if (next && confidence >= threshold) ranked.unshift(next);
      let picked: ScoredSentence[];
      let extra: ScoredSentence | undefined;
      if (!ranked.length || confidence < threshold) {
        // A two-part question the whole can not answer may still have both its parts answered, one round each.
        const both = settings.retriever ? await partByPart(question, settings.retriever, threshold, options?.signal) : undefined;
        if (!both) return abstain(retrieval.chunks.map((r) => r.chunk.section.join(' › ')), unmet);
        [picked, extra] = [[both[0]], both[1]];
      } else {
        picked = pickEvidence(ranked, maxWords, maxSentences);
        extra = settings.retriever ? await secondRound(question, picked, settings.retriever, threshold, options?.signal) : undefined;
      }
      if (extra) picked.push(extra);
      // A "why"/"how" answer whose best sentence only restates the question gets the next sentence that carries the reason.
      const reason = intent.kind === 'reason' && !extra ? reasonAfter(picked[0], retrieval) : undefined;
      if (reason && !picked.some((p) => p.text === reason.text)) {
        picked.splice(1, 0, reason);
        extra = reason;
      }
      const limit = extra ? maxWords + wordCount(extra.text) : maxWords;
      const citations: Citation[] = [];
      const parts: string[] = [];
      let words = 0;
      for (const s of picked) {
        const n = citations.length + 1;
        const { lead, text } = presentable(s);
        const quote = truncateWords(text, limit - words);
        words += quote.split(/\s+/).length;
        citations.push(citationFor(n, s.chunk, quote));
        parts.push(`${lead}${quote}${quote.length < text.length ? '…' : ''} [${n}]`);
      }
      return { answer: parts.join(' '), abstained: false, citations, mode: 'extractive' } satisfies Answer;
    },
  };
}

/** Question words and light verbs that say what kind of answer is wanted, not what it is about. */
const PART_NOISE = new Set(tokenize('when where who whom whose which what why how many much year years did does do was were is are take took place held'));

/**
 * The second retrieval round of a two-part question ("When was X founded, and where is it based?"):
 * the part whose words the first evidence covers least is retrieved again on its own (with the other
 * part's names carried over), and its best sentence is added when it passes the same checks and
 * confidence threshold as any answer. Undefined when one round sufficed or found nothing better.
 */
async function secondRound(question: string, picked: ScoredSentence[], retriever: Retriever, threshold: number, signal?: AbortSignal): Promise<ScoredSentence | undefined> {
  const parts = questionParts(question);
  if (!parts) return undefined;
  // What the quoted sentences say (not their whole chunks: an answer quotes sentences).
  const said = new Set(picked.flatMap((s) => tokenize(`${s.chunk.section.join(' ')} ${s.text}`)));
  const uncovered = (part: string) => {
    const terms = [...new Set(tokenize(part))].filter((t) => !PART_NOISE.has(t));
    return terms.length ? terms.filter((t) => !said.has(t)).length / terms.length : 0;
  };
  const [a, b] = [uncovered(parts.first), uncovered(parts.second)];
  const part = b >= a ? parts.second : parts.first;
  if (Math.max(a, b) < 0.34) return undefined;
  const retrieval = await retriever.retrieve(part, { signal });
  const { ranked, confidence } = assessEvidence(part, retrieval);
  const best = ranked[0];
  if (!best || confidence < threshold || picked.some((p) => p.text === best.text)) return undefined;
  return best;
}

/** Openings of a sentence that explains the one before it ("This suggests …", "As a result, …", "Such rationale …"). */
const EXPLAINS = /^(?:this|that|these|such)\s+(?:\w+\s+)?(?:suggests?|means?|reflects?|shows?|indicates?|signals?|makes?|allows?|gives?|is why|was why|explains?|rationale)\b|^(?:as a result|because|thus|therefore|hence|consequently|for this reason|this is because)\b/i;

/**
 * The sentence after `best` in its own passage when `best` carries no reason of its own and the next one
 * does (a causal word, or an opening that explains what came before); undefined otherwise.
 */
function reasonAfter(best: ScoredSentence | undefined, retrieval: RetrievalResult): ScoredSentence | undefined {
  if (!best || best.chunk.kind !== 'prose' || carriesReason(best.text)) return undefined;
  const sentences = retrieval.index.sentences[best.retrieved.ordinal] ?? [];
  const at = sentences.findIndex(([s, e]) => s === best.span[0] && e === best.span[1]);
  const next = at >= 0 ? sentences[at + 1] : undefined;
  if (!next) return undefined;
  const text = best.chunk.text.slice(next[0], next[1]);
  // A causal sentence must also be about what was asked (share a question term with the best one).
  const onTopic = tokenize(text).some((t) => best.matched.has(t));
  if (!EXPLAINS.test(text) && !(carriesReason(text) && onTopic)) return undefined;
  return { ...best, span: next, text, matched: new Set(), score: best.score };
}

/** Each part of a two-part question answered on its own retrieval round: both best sentences, or undefined unless both pass. */
async function partByPart(question: string, retriever: Retriever, threshold: number, signal?: AbortSignal): Promise<[ScoredSentence, ScoredSentence] | undefined> {
  const parts = questionParts(question);
  if (!parts) return undefined;
  const found: ScoredSentence[] = [];
  for (const part of [parts.first, parts.second]) {
    const { ranked, confidence } = assessEvidence(part, await retriever.retrieve(part, { signal }));
    if (!ranked[0] || confidence < threshold) return undefined;
    found.push(ranked[0]);
  }
  return found[0].text === found[1].text ? undefined : [found[0], found[1]];
}

/** The evidence for a question, best first, and how far it can be trusted to answer it. */
export interface EvidenceAssessment {
  ranked: ScoredSentence[];
  /** 0–1; the answerer abstains below its threshold. */
  confidence: number;
  /** Conditions of the question the best evidence does not meet (a year, a number, a country, a name), for the abstention's wording. */
  unmet: string[];
}

/**
 * Ranks the evidence and scores how well the best of it meets the question: meaning and term
 * coverage (`confidenceOf`), weakened for each condition the question sets that the evidence lacks —
 * a name, a number, a country or year the best sentence contradicts (it is about another one), or
 * the thing a yes/no question asks about.
 */
export function assessEvidence(question: string, retrieval: RetrievalResult, intent = questionIntent(question), previousAnswer?: string): EvidenceAssessment {
  const scored = notRepeating(scoreSentences(question, retrieval), previousAnswer);
  const passing = firstPassing(intent.kind === 'reason' ? favourReasons(scored) : scored, evidenceFilter(question, corpusAnchors(retrieval.index)), CANDIDATES);
  // A sentence about another country or year than the asked one ranks below one that fits, when both are close.
  const conflicts = conflictsOf(question, corpusAnchors(retrieval.index));
  const ranked = passing
    .map((s) => (conflicts(s).length ? { ...s, score: s.score * CONDITION_PENALTY } : s))
    .sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best) return { ranked, confidence: 0, unmet: [] };
  const unmet: string[] = [];
  const conflict = conflicts(best);
  unmet.push(...conflict);
  // A table row records what happened, never why: a "why" answered only by a row is not answered.
  const reasonless = intent.kind === 'reason' && !intent.mechanism && best.chunk.kind === 'table-row';
  if (reasonless) unmet.push('that');
  const penalty =
    namePenalty(question, best, retrieval.index, unmet) *
    conditionPenalty(question, best, unmet) *
    (conflict.length ? CONFLICT_PENALTY : 1) *
    (reasonless ? MISSING_NUMBER_PENALTY : 1);
  return { ranked, confidence: confidenceOf(best) * penalty, unmet };
}

/**
 * The asked countries or years a sentence contradicts: it names only other countries (the
 * corpus's own subject aside) or only other years than the question's. Empty when it
 * names none of either kind (its passage was already checked to mention them).
 */
function conflictsOf(question: string, anchors: ReadonlySet<string>): (s: ScoredSentence) => string[] {
  const asked = new Set(countriesIn(question).filter((c) => !anchors.has(c)));
  const years = namedYears(question);
  const months = namedMonths(question);
  return (s) => {
    const out: string[] = [];
    if (asked.size) {
      const named = countriesIn(presentable(s).text).filter((c) => !anchors.has(c));
      if (named.length && !named.some((c) => asked.has(c))) out.push(...asked);
    }
    // A table row's text opens with its table's caption, whose span of years ("2002 to 2020") is not the row's date.
    const text = presentable(s).text;
    if (years.length) {
      const said = text.match(/\b(?:1[89]|20)\d\d\b/g) ?? [];
      if (said.length && !said.some((y) => years.includes(y))) out.push(...years);
    }
    if (months.length) {
      const said = monthsIn(text);
      if (said.length && !said.some((m) => months.includes(m))) out.push(...months.map(capitalise));
    }
    return out;
  };
}

/** How much a sentence the previous answer already quoted still counts: the user has read it. */
const REPEAT_WEIGHT = 0.6;

/** A test of whether the previous answer already quoted a sentence (the answer is folded once). */
function alreadyRead(previousAnswer: string): (s: ScoredSentence) => boolean {
  const said = fold(previousAnswer);
  return (s) => s.text.length > 20 && said.includes(fold(s.text).slice(0, 120));
}

/** `scored` with the sentences the previous answer quoted ranked lower (still there, when nothing else answers). */
function notRepeating(scored: ScoredSentence[], previousAnswer: string | undefined): ScoredSentence[] {
  if (!previousAnswer) return scored;
  const read = alreadyRead(previousAnswer);
  if (!scored.some(read)) return scored;
  return scored.map((s) => (read(s) ? { ...s, score: s.score * REPEAT_WEIGHT } : s)).sort((a, b) => b.score - a.score);
}

/** Openings of a sentence that goes on about what the one before it named ("These towns …", "They …", "Its …"). */
const CONTINUES = /^(?:these|this|they|their|it|its|he|his|she|her|the same|such|both|all three|all of them)\b/i;

/** The next sentence of `s`'s passage when it goes on about the same thing and can hold the kind of answer asked; else undefined. */
function continuation(s: ScoredSentence, retrieval: RetrievalResult, question: string): ScoredSentence | undefined {
  if (s.chunk.kind !== 'prose') return undefined;
  const spans = retrieval.index.sentences[s.retrieved.ordinal] ?? [];
  const at = spans.findIndex(([a, b]) => a === s.span[0] && b === s.span[1]);
  const span = at >= 0 ? spans[at + 1] : undefined;
  if (!span) return undefined;
  const text = s.chunk.text.slice(span[0], span[1]);
  if (!CONTINUES.test(text) || !canAnswer(expectedAnswer(question), text)) return undefined;
  return { ...s, span, text, matched: new Set(), score: s.score };
}

function fold(text: string): string {
  return text.toLowerCase().replace(/\s*\[\d+\]/g, '').replace(/[.!?…]+(?=\s|$)/g, '').replace(/\s+/g, ' ').trim();
}

/** Numbers a question sets as conditions ("the 5,000-strong operation"): not years, not small ordinals. */
function namedNumbers(question: string): string[] {
  const out = new Set<string>();
  for (const m of question.matchAll(/(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w])/g)) {
    const n = m[0].replace(/,/g, '');
    if (/^(?:19|20)\d\d$/.test(n) || n.length < 2) continue;
    out.add(n);
  }
  return [...out];
}

const ORDINALS = ['second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];
/**
 * Ordinals a question sets as conditions ("the third cyber exercise"). "First" is left out: a passage says
 * "for the first time", "debut", "inaugural" or "initially" in too many ways to require the word.
 */
function namedOrdinals(question: string): string[] {
  return ORDINALS.filter((o) => new RegExp(`\\b${o}\\b`, 'i').test(question));
}

/** "Who is/was/were …?": the answer is someone's name (or an office's). */
const ASKS_WHO = /^\s*who (?:is|was|are|were|\w+ed|\w+s)\b|^\s*what (?:is|was|are|were) the (?:\w+ )?names? of\b|^\s*(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:company|companies|corporation|corporations|firm|firms|manufacturer|contractor|supplier|enterprise|person|individual|official|officials)\b/i;

/**
 * Whether the best sentence names someone the question does not: a capitalised word that is not one of the
 * question's words, a country, a month or one of its table row's column labels.
 */
function namesSomeone(question: string, best: ScoredSentence): boolean {
  // A caption or heading is a title: it names a subject, not who or what was asked for.
  if (best.chunk.kind === 'caption') return false;
  const asked = new Set(tokenize(question));
  const labels = new Set(tokenize((best.chunk.row?.columns ?? []).join(' ')));
  const text = presentable(best).text;
  for (const m of text.matchAll(/(?<![\p{L}])\p{Lu}[\p{L}'’-]+/gu)) {
    // A sentence's first word is capitalised whatever it is ("Located in …").
    if (/^[\s"“(]*$/.test(text.slice(0, m.index))) continue;
    if (countriesIn(m[0]).length || MONTH_NAMES.some((n) => n.toLowerCase() === m[0].toLowerCase())) continue;
    const terms = tokenize(m[0]);
    if (terms.length && terms.every((t) => !asked.has(t) && !labels.has(t))) return true;
  }
  return false;
}

const YES_NO = /^\s*(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would)\s+(?:there\s+)?/i;
const CONDITION_PENALTY = 0.75;
/** The best sentence is about another country, year or month than the one asked: its facts are not the asked ones. */
const CONFLICT_PENALTY = 0.5;
const MISSING_NUMBER_PENALTY = 0.5;

/**
 * Conditions beyond names and conflicts: a number the question gives must be in the passage (× 0.5); a
 * yes/no question's own content words must be in the passage, or its premise is not what the report says.
 */
function conditionPenalty(question: string, best: ScoredSentence, unmet: string[]): number {
  let penalty = 1;
  const passage = best.chunk.text.replace(/(\d),(?=\d{3})/g, '$1');
  for (const n of namedNumbers(question)) {
    if (!new RegExp(`(?<![\\d.])${n.replace('.', '\\.')}(?![\\d])`).test(passage)) {
      // A figure the question states is a hard condition: the report's other figures do not answer it.
      penalty *= MISSING_NUMBER_PENALTY;
      unmet.push(n);
    }
  }
  for (const ordinal of namedOrdinals(question)) {
    // "The third army training": an ordinal is a condition like a number; the second one does not answer it.
    if (!new RegExp(`\\b${ordinal}\\b`, 'i').test(passage)) {
      penalty *= MISSING_NUMBER_PENALTY;
      unmet.push(`the ${ordinal} one`);
    }
  }
  if (ASKS_WHO.test(question) && !questionParts(question) && !namesSomeone(question, best)) {
    // "Who was the minister in 2018?" asks for a name: a row that only repeats the role does not give one.
    penalty *= MISSING_NUMBER_PENALTY;
    unmet.push('that');
  }
  if (YES_NO.test(question)) {
    const passageTerms = new Set(tokenize(`${best.chunk.section.join(' ')} ${best.chunk.text}`));
    const missing = [...new Set(tokenize(question.replace(YES_NO, '')))].filter((t) => !passageTerms.has(t) && !/^\d/.test(t) && !LIGHT_TERMS.has(t));
    if (missing.length) {
      penalty *= CONDITION_PENALTY ** Math.min(2, missing.length);
      unmet.push('that');
    }
  }
  return penalty;
}

/** How many of the best passing sentences the answer is chosen from (`pickEvidence` looks at 12). */
const CANDIDATES = 12;

/**
 * What evidence must have to answer this question at all: room for the kind of answer asked for
 * (a number for "how many", a date for "when"), the thing a count counts, and the years and countries
 * the question names somewhere in its passage. Passage checks are made once per chunk.
 */
function evidenceFilter(question: string, anchors: ReadonlySet<string>): (s: ScoredSentence) => boolean {
  const expected = expectedAnswer(question);
  const years = namedYears(question);
  const months = namedMonths(question);
  const counted = countedThing(question);
  const countries = namedCountries(question, anchors);
  const passages = new Map<number, boolean>();
  return (s) => {
    if (!canAnswer(expected, presentable(s).text) || !namesCounted(counted, s.terms) || !countsThing(counted, presentable(s).text)) return false;
    let fits = passages.get(s.retrieved.ordinal);
    if (fits === undefined) {
      const passage = ownText(s.chunk);
      passages.set(s.retrieved.ordinal, (fits = fitsYears(years, passage) && fitsMonths(months, passage) && fitsCountries(countries, passage)));
    }
    return fits;
  };
}

/**
 * How far to trust the best evidence given the names in the question: a name the report never
 * mentions ("Rogun", "FIFA") makes any match suspect (× 0.7), and each name the report knows but the
 * evidence's passage lacks ("the SCO summit in Dushanbe", answered from a passage without Dushanbe)
 * weakens it (× 0.8). An acronym and its long form count as the same name.
 */
function namePenalty(question: string, best: ScoredSentence, index: RetrievalResult['index'], unmet: string[] = []): number {
  const unknownList = unknownNames(question, index.lexical);
  unmet.push(...unknownList);
  const unknown = unknownList.length ? UNKNOWN_NAME_PENALTY : 1;
  const aliases = corpusAliases(index);
  const passage = `${best.chunk.section.join(' ')} ${best.chunk.text}`;
  const known = namedTerms(question).filter((n) => tokenize(n).every((t) => index.lexical.idf(t) > 0));
  const missing = known.filter((n) => !fitsNames([n], passage, aliases)).length;
  return unknown * MISSING_NAME_PENALTY ** missing;
}
const UNKNOWN_NAME_PENALTY = 0.7;
const MISSING_NAME_PENALTY = 0.8;


/** The first `limit` items of an already sorted list that pass `test`. */
function firstPassing<T>(sorted: readonly T[], test: (item: T) => boolean, limit: number): T[] {
  const out: T[] = [];
  for (const item of sorted) {
    if (out.length >= limit) break;
    if (test(item)) out.push(item);
  }
  return out;
}

/** Best sentence, then others that are nearly as good and add query terms the answer lacks. */
function pickEvidence(ranked: ScoredSentence[], maxWords: number, maxSentences: number): ScoredSentence[] {
  const picked = [ranked[0]];
  const covered = new Set(ranked[0].matched);
  let words = wordCount(ranked[0].text);
  for (const s of ranked.slice(1, 12)) {
    if (picked.length >= maxSentences || words >= maxWords) break;
    if (s.score < ranked[0].score * 0.85) break;
    const addsTerms = [...s.matched].some((t) => !covered.has(t));
    const duplicate = picked.some((p) => p.text === s.text);
    if (duplicate || !addsTerms || words + wordCount(s.text) > maxWords) continue;
    picked.push(s);
    for (const t of s.matched) covered.add(t);
    words += wordCount(s.text);
  }
  return picked;
}

/**
 * A table row's text starts with its appendix title, which the citation's
 * section already names: quote the row from its country block on and say
 * which appendix it is in.
 */
function presentable(s: ScoredSentence): { lead: string; text: string } {
  const row = s.chunk.row;
  if (s.chunk.kind !== 'table-row' || !row) return { lead: '', text: s.text };
  const cut = s.text.indexOf(row.title);
  const rest = cut >= 0 ? s.text.slice(cut + row.title.length).replace(/^[.:]\s*/, '') : s.text;
  return rest.length > 20 ? { lead: `Appendix ${row.appendix} lists: `, text: rest } : { lead: '', text: s.text };
}

/** A chunk's own text: a table row without the caption its text opens with (the caption's years span the whole table). */
function ownText(chunk: ScoredSentence['chunk']): string {
  const title = chunk.kind === 'table-row' ? chunk.row?.title : undefined;
  const at = title ? chunk.text.indexOf(title) : -1;
  return at >= 0 ? chunk.text.slice(0, at) + chunk.text.slice(at + title!.length) : chunk.text;
}

function abstain(sections: string[], unmet: string[] = []): Answer {
  const nearest = [...new Set(sections.filter(Boolean))].slice(0, 2);
  const hint = nearest.length ? ` The nearest material is in: ${nearest.join('; ')}.` : '';
  // A question whose conditions the evidence does not meet gets told so, not the nearest fact.
  const conditions = [...new Set(unmet.filter((u) => u !== 'that'))].slice(0, 3);
  const lead = unmet.includes('that')
    ? 'The report does not say so.'
    : conditions.length
      ? `The report does not say this for ${conditions.join(', ')}.`
      : 'The report does not appear to cover this question.';
  return {
    answer: `${lead}${hint}`,
    abstained: true,
    citations: [],
    mode: 'extractive',
  };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The longest prefix of `text` with at most `max` words (always a verbatim prefix). */
function truncateWords(text: string, max: number): string {
  const limit = Math.max(12, max);
  const re = /\S+/g;
  let count = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (++count === limit) return text.slice(0, m.index + m[0].length);
  }
  return text;
}
