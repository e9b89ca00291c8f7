import { citationFor, type Answer, type Citation } from '../core/types.js';
import { dot } from '../embedders/embedder.js';
import type { RetrievalResult } from '../retrieval/hybrid-retriever.js';
import type { LoadedIndex } from '../retrieval/load-index.js';
import { corpusAliases } from './answer-type.js';
import { tokenize } from '../retrieval/tokenize.js';
import { documentRoles, sentencesOf, type IndexSentence } from './document-roles.js';
import type { ScoredSentence } from './evidence-scorer.js';
import type { QuestionIntent } from './question-intent.js';

/** Quote sentences verbatim, each with its own `[n]` marker. */
export function quoteAll(sentences: Array<Pick<IndexSentence, 'chunk' | 'text'>>, mode: Answer['mode'] = 'extractive'): Answer {
  const citations: Citation[] = [];
  const parts: string[] = [];
  for (const s of sentences) {
    const n = citations.length + 1;
    citations.push(citationFor(n, s.chunk, s.text));
    parts.push(`${s.text} [${n}]`);
  }
  return { answer: parts.join(' '), abstained: false, citations, mode };
}

/**
 * A short, friendly reply to small talk, with example questions made from the loaded documents'
 * own section headings (no claims about the report, so nothing to cite).
 */
export function smallTalkAnswer(act: Extract<QuestionIntent, { kind: 'smalltalk' }>['act'], index: LoadedIndex | undefined): Answer {
  const examples = ['What is this report about?', ...(index ? sectionQuestions(index) : [])].slice(0, 3);
  const ask = `You could ask, for example: ${examples.map((e) => `“${e}”`).join(' ')}`;
  const text =
    act === 'thanks'
      ? `You're welcome! Ask another question whenever you like. ${ask}`
      : act === 'farewell'
        ? 'Goodbye! Come back with a question any time.'
        : act === 'capabilities'
          ? `I answer questions about the documents in my index, quoting them verbatim with numbered citations, and I say so when they do not cover something. ${ask}`
          : `Hello! I answer questions about the documents in my index, with citations. ${ask}`;
  return { answer: text, abstained: false, citations: [], mode: 'smalltalk' };
}

/** "What does the report say about <heading>?" for a few body sections with short headings. */
function sectionQuestions(index: LoadedIndex): string[] {
  const out: string[] = [];
  for (const roles of documentRoles(index)) {
    // The first section is the summary and the next usually the introduction: examples start after them.
    for (const { section, sentences } of roles.body.slice(2)) {
      const words = section.split(/\s+/);
      if (sentences.length < 3 || words.length > 5 || /\d/.test(section)) continue;
      out.push(`What does the report say about ${section.toLowerCase()}?`);
      if (out.length >= 2) return out;
    }
  }
  return out;
}

const MONTH_YEAR = /^(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?(?:19|20)\d\d$/;
type MetadataIntent = Extract<QuestionIntent, { kind: 'metadata' }>;
type PageSlot = Exclude<MetadataIntent['slot'], 'caption' | 'title'>;
/** How each document fact is labelled on a title page or credits line (general English labels). */
const SLOT_PATTERNS: Record<PageSlot, RegExp> = {
  author: /^(?:authors?|written by|by)\s*[:–-]\s*\S/i,
  designer: /^(?:design(?:ed by)?|layout|graphic design)\s*[:–-]\s*\S/i,
  publisher: /(?:©|\(c\)|copyright\b|published by|publisher\s*:)/i,
  date: MONTH_YEAR,
};
/** The document card's paragraph for each field (ingest writes "Title: …", "Author: …", …). */
const CARD_LABEL: Record<Exclude<MetadataIntent['slot'], 'caption'>, RegExp> = {
  title: /^title:\s/i,
  author: /^author:\s/i,
  publisher: /^publisher:\s/i,
  date: /^date:\s/i,
  designer: /^design(?:er)?:\s/i,
};

/** Each document card (the `front-matter` chunk ingest writes) as its sentences. */
function cardSentences(index: LoadedIndex): IndexSentence[][] {
  const out: IndexSentence[][] = [];
  index.chunks.forEach((c, i) => {
    if (c.kind === 'front-matter') out.push(sentencesOf(index, i));
  });
  return out;
}

/**
 * Facts about the document itself (title, author, designer, publisher, date, what a labelled table or
 * appendix covers): from its title page, found by the labels a title page uses, else from the document
 * card ingest writes (metadata and table captions). Undefined when neither states it.
 */
export function metadataAnswer(intent: MetadataIntent, index: LoadedIndex): Answer | undefined {
  const cards = cardSentences(index);
  if (intent.slot === 'caption') {
    const label = new RegExp(`^${escape(intent.label)}:\\s`, 'i');
    const found = cards.flatMap((card) => card.filter((s) => label.test(s.text)));
    return found.length ? quoteAll(found.slice(0, 2)) : undefined;
  }
  const slot = intent.slot;
  // "The author of the RAND study on …": only when those words name this document (its card says them).
  if (intent.qualifier) {
    const said = new Set(cards.flatMap((c) => c.flatMap((s) => tokenize(s.text))));
    const aliases = corpusAliases(index);
    const words = intent.qualifier.split(/\s+/).flatMap((w) => tokenize((/^[\p{Lu}\d+&]{2,10}$/u.test(w) && aliases.get(w.toLowerCase())) || w));
    if (!words.every((t) => said.has(t))) return undefined;
  }
  const found: IndexSentence[] = [];
  const roles = documentRoles(index);
  roles.forEach((role) => {
    // The printed title page first (its "Author: …" line is the document's own words), then the card.
    const hit = slot === 'title' ? undefined : role.frontMatter.find((s) => SLOT_PATTERNS[slot].test(s.text.trim()));
    const document = role.body[0]?.sentences[0]?.chunk.document ?? role.frontMatter[0]?.chunk.document;
    const card = cards.find((c) => c[0]?.chunk.document === document);
    const fromCard = hit ? undefined : card?.find((s) => CARD_LABEL[slot].test(s.text));
    if (hit ?? fromCard) found.push((hit ?? fromCard)!);
    // An author is also introduced on an "about the author" page in the end matter.
    if (slot === 'author' && !hit && !fromCard) {
      const about = role.endMatter.find((g) => /\bauthors?\b/i.test(g.section));
      if (about?.sentences[0]) found.push(about.sentences[0]);
    }
  });
  return found.length ? quoteAll(found.slice(0, 2)) : undefined;
}

/** Openings that make a sentence depend on the one before it ("It ends with …", "Then, …", "However, …"). */
const DEPENDENT_START = /^(?:it|they|these|those|this (?:is|was|has|makes)|he|she|then|also|however|but|and|so|likewise|similarly|in addition|additionally|for example|for instance|again)\b/i;

/** A numbered point of an argument: "First, …", "Secondly …", "Finally, …". */
const ENUMERATED = /^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|finally|lastly)\b,?\s/i;

/** Words by which a document speaks about itself and its findings. */
const SELF_REFERENCE = /\b(?:this (?:report|study|paper|research|analysis|brief|chapter)|we (?:argue|find|show|conclude)|(?:has|have) (?:shown|demonstrated|found)|(?:sets out|aims) to|in conclusion|overall|two problems|main (?:finding|argument))\b/i;

/**
 * An overview: 3–5 diverse sentences (maximal marginal relevance) from the sections that play
 * the summary and conclusion roles — the first body sections and the last one, by position —
 * preferring sentences close to the question and sentences where the document speaks about itself.
 */
export function overviewAnswer(focus: 'about' | 'conclusions', retrieval: RetrievalResult, maxSentences = 4, maxWords = 130): Answer | undefined {
  const { index, queryVector } = retrieval;
  const dims = index.manifest.embedder.dimensions;
  const vectorOf = (s: IndexSentence) => index.sentenceVectors.subarray(s.position * dims, (s.position + 1) * dims);
  const pool: Array<{ s: IndexSentence; relevance: number; vector: Float32Array; order: number }> = [];
  for (const roles of documentRoles(index)) {
    const body = roles.body.filter((g) => g.sentences.length >= 3);
    if (!body.length) continue;
    const lead = body.slice(0, 2);
    const closing = body.length > 2 ? [body[body.length - 1]] : [];
    const weighted: Array<[typeof body[number], number]> = [
      ...lead.map((g, i): [typeof g, number] => [g, focus === 'about' ? 1 - 0.1 * i : 0.85 - 0.1 * i]),
      ...closing.map((g): [typeof g, number] => [g, focus === 'conclusions' ? 1 : 0.8]),
    ];
    // The document's centre of meaning: a sentence near it is representative, not a side remark.
    const centroid = new Float32Array(dims);
    let count = 0;
    for (const g of body) for (const s of g.sentences) {
      const v = vectorOf(s);
      for (let d = 0; d < dims; d++) centroid[d] += v[d];
      count++;
    }
    const norm = Math.hypot(...centroid) || 1;
    for (let d = 0; d < dims; d++) centroid[d] /= norm;
    for (const [group, weight] of weighted) {
      group.sentences.forEach((s, at) => {
        const words = s.text.split(/\s+/).length;
        // Whole, self-contained sentences only: one opening with a pronoun or connective leans on the one before it.
        if (words < 14 || words > 70 || !/[.!?]["”’)]*$/.test(s.text) || DEPENDENT_START.test(s.text)) return;
        const vector = vectorOf(s);
        // A summary states its thesis first and a conclusion opens with what was shown: a section's opening
        // sentences outrank its later detail, and its numbered points ("First, …", "Second, …") are its findings.
        const opening = 0.12 * Math.max(0, 1 - at / 4);
        const point = ENUMERATED.test(s.text) ? (focus === 'conclusions' ? 0.1 : 0.05) : 0;
        const relevance = weight * (0.45 + 0.3 * dot(queryVector, vector) + 0.25 * dot(centroid, vector)) + (SELF_REFERENCE.test(s.text) ? 0.15 : 0) + opening + point;
        pool.push({ s, relevance, vector, order: s.chunk.span[0] + s.span[0] });
      });
    }
  }
  if (pool.length < 2) return undefined;
  const picked: typeof pool = [];
  let words = 0;
  while (picked.length < maxSentences && pool.length) {
    let best = -Infinity;
    let at = -1;
    pool.forEach((c, i) => {
      const redundancy = picked.length ? Math.max(...picked.map((p) => dot(p.vector, c.vector))) : 0;
      const mmr = 0.7 * c.relevance - 0.3 * redundancy;
      if (mmr > best) [best, at] = [mmr, i];
    });
    const [next] = pool.splice(at, 1);
    const n = next.s.text.split(/\s+/).length;
    if (words + n > maxWords) {
      if (picked.length >= 3) break;
      continue;
    }
    picked.push(next);
    words += n;
  }
  if (!picked.length) return undefined;
  return quoteAll(picked.sort((a, b) => a.order - b.order).map((p) => p.s));
}


function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A definition: for an acronym the document spells out ("Long Form (ABC)"), the first sentence that
 * does so; otherwise the best-scoring sentence that defines the term ("X is a …", "X, a …",
 * "X refers to …", "… known as X") over sentences that merely mention it. Undefined when none does.
 */
export function definitionAnswer(term: string, acronym: boolean, retrieval: RetrievalResult, ranked: ScoredSentence[]): Answer | undefined {
  const { index } = retrieval;
  const t = escape(term);
  if (acronym) {
    const long = corpusAliases(index).get(term.toLowerCase()) ?? corpusAliases(index).get(term.toLowerCase().replace(/s$/, ''));
    if (long) {
      const re = new RegExp(`${escape(long)}\\s*\\(${t}\\)`, 'i');
      for (let i = 0; i < index.chunks.length; i++) {
        if (index.chunks[i].kind !== 'prose' && index.chunks[i].kind !== 'caption') continue;
        if (!re.test(index.chunks[i].text)) continue;
        const s = sentencesOf(index, i).find((x) => re.test(x.text));
        if (s) return quoteAll([s]);
      }
    }
    // An acronym the document uses without spelling it out in brackets: the first capitalised phrase
    // whose initials it is ("European Central Bank" for "ECB"), quoted where the document first says it.
    const spelled = initialsPhrase(term);
    for (let i = 0; i < index.chunks.length; i++) {
      if (index.chunks[i].kind !== 'prose') continue;
      if (!spelled.test(index.chunks[i].text)) continue;
      const s = sentencesOf(index, i).find((x) => spelled.test(x.text));
      if (s) return quoteAll([s]);
    }
  }
  // A table row whose key cell is the term describes it ("Level: Red; Wind speed: above 90 km/h; …"),
  // also when the question adds the key column's name ("the Red level").
  const key = term.toLowerCase().replace(/\s+/g, ' ');
  const row = ranked.find((s) => {
    const r = s.chunk.kind === 'table-row' ? s.chunk.row : undefined;
    const cell = r?.cells[0]?.trim().toLowerCase();
    const column = r?.columns[0]?.trim().toLowerCase();
    return !!cell && [cell, `${cell} ${column}`, `${column} ${cell}`].includes(key);
  });
  const defining = new RegExp(
    `(?:^|[^\\p{L}])${t}(?:\\s*\\([^)]{1,40}\\))?(?:,?\\s+(?:is|are|was|were)\\s+(?:a|an|the|one|not|primarily|mainly)\\b|,\\s+(?:a|an|the)\\s|\\s+(?:refers? to|means|stands for|is defined as|is understood as|denotes)\\b)` +
      `|(?:known as|called|referred to as|labell?ed|termed|defined as|understood (?:in this report )?as)\\s+(?:the\\s+)?["“]?${t}` +
      `|${t}\\s+(?:is|are) understood\\b|^${t}\\s*[:–—]`,
    'iu',
  );
  const mentions = new RegExp(`(?:^|[^\\p{L}])${t}(?:[^\\p{L}]|$)`, 'iu');
  const best = ranked.find((s) => s.chunk.kind !== 'footnote' && defining.test(s.text));
  if (best) return quoteAll([{ chunk: best.chunk, text: best.text }]);
  if (row) return quoteAll([{ chunk: row.chunk, text: row.text }]);
  // Beyond the retrieved chunks: the document's own defining sentence, wherever it is.
  for (let i = 0; i < index.chunks.length; i++) {
    const c = index.chunks[i];
    if (c.kind !== 'prose' || !mentions.test(c.text)) continue;
    const s = sentencesOf(index, i).find((x) => defining.test(x.text));
    if (s) return quoteAll([s]);
  }
  return undefined;
}

/**
 * A pattern for a capitalised phrase whose capitalised words' initials spell `acronym` (2–6 letters), with
 * lowercase joining words allowed between them ("of", "and", "for", "the") and a possessive ("People's").
 */
function initialsPhrase(acronym: string): RegExp {
  const letters = [...acronym.replace(/[^\p{Lu}]/gu, '')];
  if (letters.length < 2 || letters.length > 6) return /(?!)/;
  const word = (c: string) => `${c}[\\p{Ll}]+(?:['’]s)?`;
  const join = '\\s+(?:(?:of|and|for|the|on|in)\\s+)?';
  return new RegExp(`(?<![\\p{L}])${letters.map(word).join(join)}(?![\\p{L}])`, 'u');
}

/** Words that carry a reason or a mechanism. */
const CAUSAL = /\b(?:because|due to|owing to|in order to|so that|as a result|in the aftermath|resulted in|led to|leads to|driven by|aimed at|with the aim|for the purpose|the purpose of|to address|to ensure|to prevent|thus|therefore|hence|since the|given|reflect(?:s|ing)?|through|by (?:\w+ing)|was created to|allows?|enables?|means that)\b/i;

/** Whether a sentence states a reason or mechanism (a causal word: "because", "due to", "in order to", …). */
export function carriesReason(text: string): boolean {
  return CAUSAL.test(text);
}

/** For "why"/"how" questions: sentences that carry a reason or mechanism rank a little higher. */
export function favourReasons(ranked: ScoredSentence[]): ScoredSentence[] {
  return ranked
    .map((s) => (CAUSAL.test(s.text) ? { ...s, score: s.score + 0.03 } : s))
    .sort((a, b) => b.score - a.score);
}
