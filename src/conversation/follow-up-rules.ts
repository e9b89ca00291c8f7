import { MONTH_NAMES } from '../core/months.js';
import { smallTalkAct } from '../core/small-talk.js';
import type { HistoryTurn } from '../core/types.js';
import { countryOfWord } from '../core/countries.js';
import { STOP_WORDS, tokenize } from '../retrieval/tokenize.js';
import type { QuestionRewriter } from './question-rewriter.js';

/** What the rules may know about the corpus. */
export interface FollowUpOptions {
  /**
   * Countries the corpus is about above all (read from the index, see
   * `focalCountries`): a follow-up naming another country swaps the other
   * side, never these ("And with X?" after "meetings between A and B?",
   * where A is the report's subject, keeps A).
   */
  anchors?: ReadonlySet<string>;
  /**
   * The answer given to the previous question: what a follow-up's "it", "he" or "there" usually
   * points at ("Which country debuted in 2007?" → "Peru …" → "When did it first …?"), and
   * the base of a relative date ("a year later").
   */
  previousAnswer?: string;
}

/**
 * Offline follow-up rewriting by general rules (no LLM): a follow-up — it
 * starts with "and"/"what about", leans on a pronoun ("it", "they", "there"),
 * or names no topic of its own ("How many personnel took part?") — gets the
 * previous question's entities (countries, dates, names) and topic words;
 * entities it names itself replace those of the same type ("And with
 * <another country>?" swaps the country). Self-contained questions and
 * greetings are left alone. Country names and demonyms come from a world
 * countries data package (src/core/countries.ts).
 */
export function createRuleRewriter(settings: { anchors?: () => ReadonlySet<string> } = {}): QuestionRewriter {
  return {
    id: 'rules',
    async rewrite(question, history) {
      return standaloneQuestion(question, history, { anchors: settings.anchors?.() });
    },
  };
}

/**
 * The standalone form of `question` given the conversation so far: earlier
 * user turns are resolved in order, so a chain of follow-ups keeps its topic.
 */
export function standaloneQuestion(question: string, history: HistoryTurn[], options: FollowUpOptions = {}): string {
  let context: string | undefined;
  for (const turn of recentUserTurns(history)) {
    context = context === undefined ? turn : rewriteFollowUp(turn, context, options);
  }
  return context === undefined ? question.trim() : rewriteFollowUp(question.trim(), context, { ...options, previousAnswer: options.previousAnswer ?? lastAnswer(history) });
}

/** The assistant's reply to the last user turn (its first {@link FOLLOW_UP_TURN_CHARS} characters), if any. */
function lastAnswer(history: HistoryTurn[]): string | undefined {
  const last = history.at(-1);
  return last?.role === 'assistant' && last.content.trim() ? last.content.slice(0, FOLLOW_UP_TURN_CHARS) : undefined;
}

/** Earlier questions that can still shape a follow-up: a chain longer than this has moved on. */
export const FOLLOW_UP_CONTEXT_TURNS = 6;
/** A question longer than this is not a question; only its start is read (keeps rewriting bounded whatever a client sends). */
export const FOLLOW_UP_TURN_CHARS = 2000;

/** The last few user turns, each cut to a question's length: the rewriter's work is bounded by these, not by the history sent. */
function recentUserTurns(history: HistoryTurn[]): string[] {
  const turns: string[] = [];
  for (let i = history.length - 1; i >= 0 && turns.length < FOLLOW_UP_CONTEXT_TURNS; i--) {
    const turn = history[i];
    if (turn.role !== 'user') continue;
    const text = turn.content.slice(0, FOLLOW_UP_TURN_CHARS).trim();
    if (text) turns.push(text);
  }
  return turns.reverse();
}

type Kind = 'country' | 'anchor' | 'year' | 'month' | 'name' | 'topic' | 'attribute' | 'generic';

interface Word {
  text: string;
  lower: string;
  kind: Kind;
  start: number;
  end: number;
  /** Canonical country names (for country words). */
  countries?: string[];
}


const MONTHS: readonly string[] = MONTH_NAMES;

/** What a question asks about something (a count, a date, a place): present without a topic, it points back at one. */
const ATTRIBUTE = new Set(
  ('personnel troops troop soldiers soldier people participants participant size number numbers total amount figure date dates ' +
    'year years month day time times location locations place places venue cost costs price value duration agenda purpose goal ' +
    'aim result results outcome reason reasons scenario side sides unit units participation attendance strength details detail').split(' '),
);

/** Question words, auxiliaries and light verbs: they never carry a topic. */
const GENERIC = new Set(
  ('what which who whom whose where when why how whether is are was were be been being am do does did done doing have has had having ' +
    'will would can could should shall may might must take took taken taking takes part participate participated participating join joined ' +
    'joining involve involved attend attended hold held holding happen happened happens occur occurred get got make made go went ' +
    'come came send sent give gave use used exactly approximately roughly least first last also again else then please know explain ' +
    'describe mention mentioned mentions happen exist exists there here it they them their its this that these those he she his her him ' +
    'one ones thing things kind type yes ok okay sure really anything something everything stuff and but or so with without ' +
    'within between among across against after before during since until toward towards via per upon around along beyond near inside outside behind').split(' '),
);

const PRONOUNS = new Set(['it', 'its', 'they', 'them', 'their', 'theirs', 'these', 'those', 'this', 'he', 'she', 'him', 'his', 'her']);
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', "isn't", "aren't", "wasn't", "weren't"]);
const CONNECTIVE = /^\s*(?:and|but|also|plus|now|so|ok(?:ay)?,?\s+(?:and|what about))\b[\s,]*|^\s*(?:(?:and\s+)?(?:what|how)\s+about|what\s+of|same\s+(?:for|with|in))\b[\s,]*/i;
/** Words an elliptical follow-up may consist of besides entities ("And with Peru?", "What about in 2016?"). */
const ELLIPSIS_FILLER = new Set(['with', 'in', 'for', 'at', 'on', 'from', 'to', 'between', 'of', 'during', 'by', 'the', 'a', 'an', 'and', 'or', 'vs', 'versus', 'then', 'also', 'too', 'instead', 'same', 'about']);

const WORD = /[\p{L}\p{N}]+(?:['’.\-–][\p{L}\p{N}]+)*/gu;

/** The words of `text`, classified. Linear in the text's length (each word looks only at the gap before it). */
function words(text: string, anchors: ReadonlySet<string> = NO_ANCHORS): Word[] {
  const out: Word[] = [];
  const all = [...text.matchAll(WORD)];
  all.forEach((m, i) => {
    const raw = m[0];
    const lower = raw.toLowerCase();
    const start = m.index!;
    const word: Word = { text: raw, lower, kind: 'generic', start, end: start + raw.length };
    const parts = lower.split(/[-–]/).map(countryOfWord).filter((c): c is string => Boolean(c));
    const next = all[i + 1]?.[0];
    const capitalised = /^\p{Lu}/u.test(raw);
    // Words end in a letter or digit, so a sentence break before this word lies in the gap since the previous one.
    const gapStart = i === 0 ? 0 : all[i - 1].index! + all[i - 1][0].length;
    const sentenceStart = i === 0 || /[.!?]\s*$/.test(text.slice(gapStart, start));
    if (parts.length) {
      word.countries = [...new Set(parts)];
      word.kind = word.countries.every((c) => anchors.has(c)) ? 'anchor' : 'country';
    } else if (/^(?:19|20)\d{2}s?$/.test(lower)) word.kind = 'year';
    else if (MONTHS.includes(lower) && (lower !== 'may' || (capitalised && !sentenceStart) || /^(?:19|20)\d{2}$/.test(next ?? ''))) word.kind = 'month';
    else if (/^\p{Lu}{2,}$/u.test(raw) && !GENERIC.has(lower)) word.kind = 'name';
    else if (capitalised && (!sentenceStart || all.length <= 3) && !GENERIC.has(lower) && !STOP_WORDS.has(lower) && !ATTRIBUTE.has(lower)) word.kind = 'name';
    else if (ATTRIBUTE.has(lower)) word.kind = 'attribute';
    else if (GENERIC.has(lower) || STOP_WORDS.has(lower)) word.kind = 'generic';
    else word.kind = 'topic';
    out.push(word);
  });
  return out;
}

const NO_ANCHORS: ReadonlySet<string> = new Set();

const isEntity = (w: Word) => w.kind === 'country' || w.kind === 'year' || w.kind === 'month' || w.kind === 'name';

/** True when the question leans on an earlier turn for what it is about. */
function isFollowUp(question: string, ws: Word[], previous: Word[]): boolean {
  const hasTopic = ws.some((w) => w.kind === 'topic');
  const hasEntity = ws.some(isEntity);
  if (anyAnaphoric(ws) || RELATIVE_YEAR.test(question)) return true;
  if (CONNECTIVE.test(question)) return !(hasTopic && hasEntity);
  if (!hasTopic) return !hasEntity || ws.some((w) => w.kind === 'attribute') || ws.length <= 2;
  if (!hasEntity) {
    const before = new Set(previous.filter((w) => w.kind === 'topic').flatMap((w) => tokenize(w.text)));
    return ws.some((w) => w.kind === 'topic' && tokenize(w.text).some((t) => before.has(t)));
  }
  return false;
}

/** Whether any word points back at an earlier turn; one pass, counting the actors named so far. */
function anyAnaphoric(ws: Word[]): boolean {
  const actors = { count: 0, plural: false };
  for (let i = 0; i < ws.length; i++) {
    if (isAnaphoric(ws, i, actors)) return true;
    const w = ws[i];
    if (w.kind === 'country' || w.kind === 'anchor' || w.kind === 'name') {
      actors.count++;
      actors.plural ||= actors.count >= 2 || (w.countries?.length ?? 0) >= 2;
    }
  }
  return false;
}

/** Pronouns that point back ("it", "they", "does that happen", "held there"), not relative "that" or existential "there". */
function isAnaphoric(ws: Word[], i: number, actorsBefore: { count: number; plural: boolean }): boolean {
  const w = ws[i].lower;
  if (PRONOUNS.has(w)) return !hasAntecedent(w, actorsBefore);
  const prev = ws[i - 1];
  if (w === 'there') return !prev || !BE.has(prev.lower);
  if (w === 'that') return !prev || prev.kind === 'generic' || ELLIPSIS_FILLER.has(prev.lower);
  return false;
}

/**
 * Whether a possessive or plural pronoun points at actors named earlier in the
 * same question: "Where did Chile and Peru hold their exercise?",
 * "When did Peru hold its first exercise?". ("It" and "this" stay
 * anaphoric: they stand for a thing, and the question's actors are not it.)
 */
function hasAntecedent(w: string, actors: { count: number; plural: boolean }): boolean {
  if (w === 'their' || w === 'they' || w === 'them' || w === 'theirs') return actors.plural;
  if (w === 'its' || w === 'his' || w === 'her') return actors.count > 0;
  return false;
}

/**
 * One step of rewriting: `question` against the previous (already
 * standalone) question. Returns `question` itself when it is self-contained.
 */
export function rewriteFollowUp(question: string, previous: string, options: FollowUpOptions = {}): string {
  const anchors = options.anchors ?? NO_ANCHORS;
  if (smallTalkAct(question)) return question;
  const ws = words(question, anchors);
  if (ws.length === 0) return question;
  const prev = words(previous, anchors);
  if (!isFollowUp(question, ws, prev)) return question;
  const answer = options.previousAnswer ? answerEntities(options.previousAnswer, prev, anchors) : { entities: [], year: undefined };
  const relative = resolveRelativeYear(question, answer.year ?? prev.find((w) => w.kind === 'year')?.text);
  if (relative) {
    const resolved = rewriteFollowUp(relative, previous, { ...options, previousAnswer: undefined });
    // "What happened the following year?" is still about what the previous question was about.
    if (resolved !== relative) return resolved;
    const body = capitalise(relative.replace(CONNECTIVE, '').trim());
    return withContext(body, words(body, anchors), prev);
  }
  // "Which one …?" after "Which university …?": the one is a university.
  const one = whichOne(question, previous);
  if (one) return rewriteFollowUp(one, previous, options);
  // After "Who …?" / "Which country …?", "he", "she", "it" and "they" stand for whoever the answer named.
  const referent = options.previousAnswer && ASKS_FOR_ENTITY.test(previous) ? answerReferent(options.previousAnswer, prev, anchors) : undefined;
  if (referent) {
    const resolved = replacePronoun(question.replace(CONNECTIVE, '').trim(), referent);
    if (resolved) return capitalise(resolved);
  }
  // After "When …?", the date the answer gave pins what the follow-up asks about ("Where did it take place?").
  if (answer.year && TIME_QUESTION.test(previous) && !prev.some((w) => w.kind === 'year')) {
    answer.entities.push({ text: answer.year, lower: answer.year, kind: 'year', start: 0, end: 0 });
  }
  const body = capitalise(question.replace(CONNECTIVE, '').trim());
  const elliptical = ws.every((w) => isEntity(w) || w.kind === 'anchor' || ELLIPSIS_FILLER.has(w.lower) || CONNECTIVE.test(w.lower) || /^(?:what|how)$/.test(w.lower));
  if (elliptical && ws.some(isEntity)) return substitute(previous, prev, ws, anchors);
  // What the follow-up points at is often in the previous answer, not the previous question.
  const pointsBack = anyAnaphoric(ws) || /^\s*(?:what|who|which|where|when)\s+else\b/i.test(body);
  return withContext(body, ws, pointsBack ? [...prev, ...answer.entities] : prev);
}

/** "a year later", "two years on", "three years earlier"; "the following year", "the year before", "the previous year". */
const RELATIVE_YEAR =
  /\b(?:(?:in |on )?(a|one|two|three|four|five|\d{1,2}) years? (later|after(?:wards)?|on|earlier|before|prior)|(?:in |during )?the (following|next|previous|prior|preceding) year|(?:in )?the year (after|before))\b/i;
const SMALL_NUMBERS: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5 };

/** "a year later" → "in 2008" given the base year 2007 (from the previous answer or question); undefined when there is nothing to resolve. */
function resolveRelativeYear(question: string, base: string | undefined): string | undefined {
  const m = RELATIVE_YEAR.exec(question);
  if (!m || !base) return undefined;
  const n = m[1] ? (SMALL_NUMBERS[m[1].toLowerCase()] ?? Number(m[1])) : 1;
  const direction = m[2] ?? m[3] ?? m[4];
  const year = Number(base.slice(0, 4)) + (/^(?:later|after|on|following|next)/i.test(direction) ? n : -n);
  return question.replace(RELATIVE_YEAR, `in ${year}`);
}

/**
 * The entities of the previous answer's first sentence that its question did not name (countries,
 * then a run of name words, then a year), at most a few words; and the first year it gives.
 */
function answerEntities(answer: string, prev: Word[], anchors: ReadonlySet<string>): { entities: Word[]; year?: string } {
  const first = firstSentence(answer, /^\s*Appendix \d+ lists:\s*/i);
  const known = new Set(prev.map((w) => w.lower));
  const ws = words(first, anchors).filter((w) => isEntity(w) && !known.has(w.lower));
  const countries = ws.filter((w) => w.kind === 'country').slice(0, 2);
  const names = ws.filter((w) => w.kind === 'name').slice(0, 3);
  const year = words(first, anchors).find((w) => w.kind === 'year')?.text;
  return { entities: [...countries, ...names], year };
}

/** A question that asks for someone or something by name: its answer is what a following "he", "it" or "they" means. */
const ASKS_FOR_ENTITY = /^\s*(?:who|whom|which)\b|^\s*what\s+(?!(?:is|was|are|were|did|does|do|has|have|had|can|could|will|would|should|may|might|kind|sort|type)\b)[\p{L}-]+\s+(?:is|was|are|were|did|does|do|has|have|had|made|took|led|won|\p{L}+ed)\b/iu;
/** A question that asks when. */
const TIME_QUESTION = /^\s*(?:when|in (?:what|which) (?:year|month)|(?:what|which) (?:year|month|date))\b/i;

/** An answer's first sentence (at most 300 characters), without its citation markers and without a leading `label`. */
function firstSentence(answer: string, label: RegExp): string {
  return answer
    .replace(/\s*\[\d+(?:\s*[,–-]\s*\d+)*\]/g, ' ')
    .replace(label, '')
    .split(/(?<=[.!?])\s+/)[0]
    .slice(0, 300);
}

/**
 * What the previous answer named, as a short phrase: the first run of names (or of countries, joined by
 * commas and "and") in its first sentence that the previous question did not already name, read past a
 * leading label ("Author: Niva Yau" → "Niva Yau"). Undefined when it named nothing new.
 */
function answerReferent(answer: string, prev: Word[], anchors: ReadonlySet<string>): string | undefined {
  const first = firstSentence(answer, /^\s*[\p{L} ]{1,40}:\s+/u);
  const known = new Set(prev.map((w) => w.lower));
  const ws = words(first, anchors);
  const named = (w: Word) => w.kind === 'name' || w.kind === 'country' || w.kind === 'anchor';
  let start = ws.findIndex((w) => named(w) && !known.has(w.lower));
  if (start < 0) return undefined;
  // A name's first word may open the sentence ("Anton Berg of …"), where capitals say nothing on their own.
  const before = ws[start - 1];
  if (start === 1 && /^\p{Lu}/u.test(before.text) && !GENERIC.has(before.lower) && !STOP_WORDS.has(before.lower) && /^\s+$/.test(first.slice(before.end, ws[start].start))) start = 0;
  let end = start;
  for (let i = start + 1; i < ws.length && i - start < 8; i++) {
    const gap = first.slice(ws[i - 1].end, ws[i].start);
    if (!named(ws[i]) && !/^(?:of|the|de|for|on|and)$/i.test(ws[i].lower)) break;
    if (!/^\s*(?:(?:,|and|,\s*and)\s*)?$|^['’]s\s+$/.test(gap) && !/^\s+$/.test(gap)) break;
    if (named(ws[i])) end = i;
  }
  return first.slice(ws[start].start, ws[end].end);
}

/** `question` with its first pronoun that points back replaced by `referent` ("its" → "X's"); undefined when none does. */
function replacePronoun(question: string, referent: string): string | undefined {
  const own = words(question);
  const actors = { count: 0, plural: false };
  for (let i = 0; i < own.length; i++) {
    const w = own[i];
    if (isAnaphoric(own, i, actors) && PRONOUNS.has(w.lower) && !['this', 'these', 'those'].includes(w.lower)) {
      const next = own[i + 1];
      const possessive = w.lower === 'its' || w.lower === 'his' || w.lower === 'their' || (w.lower === 'her' && next !== undefined && next.kind !== 'generic');
      return question.slice(0, w.start) + (possessive ? `${referent}’s` : referent) + question.slice(w.end);
    }
    if (w.kind === 'country' || w.kind === 'anchor' || w.kind === 'name') actors.count++;
  }
  return undefined;
}

/** "Which one runs …?" after "Which (Chinese) university delivers …?" → "Which Chinese university runs …?"; undefined otherwise. */
function whichOne(question: string, previous: string): string | undefined {
  const m = /\bwhich (ones?)\b/i.exec(question);
  if (!m) return undefined;
  const head = /\bwhich ((?:[\p{L}-]+\s+){0,2}?[\p{L}-]+?)\s+(?:is|was|are|were|did|does|do|has|have|had|can|could|will|would|\p{L}+s|\p{L}+ed)\b/iu.exec(previous);
  if (!head || /\bones?\b/i.test(head[1])) return undefined;
  return question.slice(0, m.index) + `which ${head[1]}` + question.slice(m.index + m[0].length);
}

/** "And with Peru?" after a question about Chile: the previous question with the new entities in place of the old. */
function substitute(previous: string, prev: Word[], ws: Word[], anchors: ReadonlySet<string>): string {
  let text = previous;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const append: string[] = [];
  const prepositionBefore = (w: Word) => ws[ws.indexOf(w) - 1]?.lower;

  const countries = ws.filter((w) => w.kind === 'country');
  if (countries.length) {
    const replacement = join(countries.map((w) => w.text));
    const old = prev.filter((w) => w.kind === 'country');
    if (old.length) replaceAll(old, replacement, edits, previous, anchors);
    else append.push(`${prepositionBefore(countries[0]) && ELLIPSIS_FILLER.has(prepositionBefore(countries[0])!) ? prepositionBefore(countries[0]) : 'with'} ${replacement}`);
  }
  const dates = ws.filter((w) => w.kind === 'year' || w.kind === 'month');
  if (dates.length) {
    const replacement = dates.map((w) => w.text).join(' ');
    const old = prev.filter((w) => w.kind === 'year' || w.kind === 'month');
    if (old.length) replaceAll(old, replacement, edits, previous, anchors);
    else append.push(`in ${replacement}`);
  }
  const names = ws.filter((w) => w.kind === 'name');
  if (names.length) {
    const replacement = names.map((w) => w.text).join(' ');
    const old = prev.filter((w) => w.kind === 'name');
    if (old.length) replaceAll(nameGroup(old, previous), replacement, edits, previous, anchors);
    else append.push(`${prepositionBefore(names[0]) && ELLIPSIS_FILLER.has(prepositionBefore(names[0])!) ? prepositionBefore(names[0]) : 'in'} ${replacement}`);
  }
  for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  text = text.replace(/\s+([?.!])/g, '$1').replace(/\s{2,}/g, ' ').trim();
  if (append.length) {
    const end = /[?.!]$/.test(text) ? text.slice(-1) : '?';
    text = `${text.replace(/[?.!]$/, '')} ${append.join(' ')}${end}`;
  }
  return text;
}

/** Replace the first of `old` (a run of same-type words) with `replacement` and drop the rest with their joining "and"/commas. */
function replaceAll(old: Word[], replacement: string, edits: Array<{ start: number; end: number; text: string }>, text: string, anchors: ReadonlySet<string>): void {
  old.forEach((w, i) => {
    if (i === 0) {
      // A hyphenated pair ("A-B", or "<anchor>–B"): swap only the first part that is a country and not an anchor.
      const parts = w.text.split(/([-–])/);
      if (parts.length > 1 && w.countries) {
        const idx = parts.findIndex((p) => {
          const country = countryOfWord(p);
          return country !== undefined && !anchors.has(country);
        });
        if (idx >= 0) {
          parts[idx] = replacement;
          edits.push({ start: w.start, end: w.end, text: parts.join('') });
          return;
        }
      }
      edits.push({ start: w.start, end: w.end, text: replacement });
      return;
    }
    const between = text.slice(old[i - 1].end, w.start);
    const start = /^\s*(?:,|and|&|or)?\s*$/i.test(between) ? old[i - 1].end : w.start;
    edits.push({ start, end: w.end, text: '' });
  });
}

/** The first run of name words ("International Forum on Counter-terrorism"). */
function nameGroup(names: Word[], text: string): Word[] {
  const group = [names[0]];
  for (const w of names.slice(1)) {
    if (!/^\s*(?:(?:of|on|for|the|and|de)\s+)*$/i.test(text.slice(group[group.length - 1].end, w.start))) break;
    group.push(w);
  }
  return [{ ...group[0], end: group[group.length - 1].end, text: text.slice(group[0].start, group[group.length - 1].end) }];
}

/**
 * A follow-up with its own wording ("How many personnel took part?"): keep
 * it and add what the previous question was about, minus the entity types
 * the follow-up names itself.
 */
function withContext(body: string, ws: Word[], prev: Word[]): string {
  const kinds = new Set(ws.map((w) => w.kind));
  const has = (wanted: Kind[]) => wanted.some((k) => kinds.has(k));
  const own = new Set(tokenize(body));
  const replaced = replacedModifiers(ws, prev);
  const carried: string[] = [];
  const seen = new Set<string>();
  for (const w of prev) {
    if (w.kind === 'generic' || w.kind === 'attribute' || replaced.has(w)) continue;
    if (w.kind === 'country' && has(['country'])) continue;
    if ((w.kind === 'year' || w.kind === 'month') && has(['year'])) continue;
    if (w.kind === 'month' && has(['month'])) continue;
    if (w.kind === 'name' && has(['name'])) continue;
    const terms = tokenize(w.text);
    if (terms.length && terms.every((t) => own.has(t))) continue;
    if (seen.has(w.lower)) continue;
    seen.add(w.lower);
    carried.push(w.text);
  }
  if (!carried.length) return body;
  return `${/[?.!]$/.test(body) ? body : `${body}?`} (about: ${carried.join(' ')})`;
}

/**
 * The previous question's words that the follow-up replaces: "the anti-drug course" after "the cyber
 * security course" keeps "course" and drops "cyber security" (the topic words just before a shared
 * noun, when the follow-up gives that noun words of its own).
 */
function replacedModifiers(ws: Word[], prev: Word[]): Set<Word> {
  const out = new Set<Word>();
  for (let i = 1; i < ws.length; i++) {
    if (ws[i].kind !== 'topic' || ws[i - 1].kind !== 'topic') continue;
    const head = tokenize(ws[i].text)[0];
    const at = prev.findIndex((w) => w.kind === 'topic' && tokenize(w.text)[0] === head);
    if (at < 1) continue;
    const own = new Set(ws.slice(0, i).flatMap((w) => tokenize(w.text)));
    for (let j = at - 1; j >= 0 && at - j <= 3 && prev[j].kind === 'topic'; j--) {
      if (!tokenize(prev[j].text).some((t) => own.has(t))) out.add(prev[j]);
    }
  }
  return out;
}

function join(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function capitalise(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
