import { smallTalkAct, type SmallTalkAct } from '../core/small-talk.js';

/**
 * What a question wants, judged from general English cues (never from the wording of particular
 * dev-set questions): small talk, an overview of the document, a definition, facts about the
 * document itself, a reason or mechanism, or a plain fact. The extractive answerer shapes its
 * answer by it.
 */
export type QuestionIntent =
  | { kind: 'smalltalk'; act: SmallTalkAct }
  | { kind: 'overview'; focus: 'about' | 'conclusions' }
  | { kind: 'definition'; term: string; acronym: boolean }
  | {
      kind: 'metadata';
      slot: 'author' | 'publisher' | 'date' | 'designer' | 'title';
      /** Words naming which document ("the RAND study on …"): the answer must find them in the document's card. */
      qualifier?: string;
    }
  | { kind: 'metadata'; slot: 'caption'; label: string }
  | { kind: 'reason'; mechanism: boolean }
  | { kind: 'fact' };

const DOC = '(?:report|document|paper|study|publication|text|piece|brief|book)';
const THIS_DOC = `(?:this|the|your) ${DOC}`;

const OVERVIEW_ABOUT = new RegExp(
  `\\b(?:what(?:'s| is| was) ${THIS_DOC} about|what does ${THIS_DOC} (?:cover|discuss|describe|examine|deal with)|summari[sz]e|summary of ${THIS_DOC}|(?:an |a short |a brief )?overview of ${THIS_DOC}|give (?:me )?(?:an |a )?(?:overview|summary|gist)|gist of|tl;?dr|in a nutshell|what is the (?:topic|subject|purpose|aim|focus) of ${THIS_DOC})\\b`,
  'i',
);
const OVERVIEW_CONCLUSIONS = new RegExp(
  `\\b(?:(?:main|key|central|principal|major) (?:findings?|conclusions?|points?|arguments?|takeaways?|messages?|claims?|results?|lessons?|recommendations?)|what does ${THIS_DOC} (?:conclude|find|argue|show|recommend|propose|suggest)|what (?:does|do) (?:the )?authors? (?:conclude|find|argue|recommend|propose|suggest)|what (?:changes|measures|steps|reforms|policies|actions) does ${THIS_DOC} (?:propose|recommend|suggest|call for)|(?:conclusions?|findings?|takeaways?|lessons?|recommendations?|arguments?) of ${THIS_DOC}|${THIS_DOC}(?:'s)? (?:conclusions?|findings?|argument|takeaways?|lessons?|recommendations?))\\b`,
  'i',
);

const AUTHOR = new RegExp(`\\b(?:who (?:wrote|authored|is the author of|was the author of|are the authors of|is behind) ${THIS_DOC}|who (?:wrote|authored) (?:it|this)|author of ${THIS_DOC}|${THIS_DOC}(?:'s)? authors?|who is the author\\??$)`, 'i');
const PUBLISHER = new RegExp(`\\b(?:who (?:published|publishes|issued|released|put out) ${THIS_DOC}|publisher of ${THIS_DOC}|who is the publisher|${THIS_DOC}(?:'s)? publisher|which (?:organi[sz]ation|institute|think tank|institution) (?:published|issued|produced|released) ${THIS_DOC})`, 'i');
const DATE = new RegExp(`\\b(?:when (?:was|is) ${THIS_DOC} (?:published|written|released|issued|dated|out)|when did ${THIS_DOC} come out|publication date|date of ${THIS_DOC}|${THIS_DOC}(?:'s)? (?:publication )?date)`, 'i');
const DESIGNER = new RegExp(`\\bwho (?:designed|did the design of|laid out) ${THIS_DOC}`, 'i');
const WRITER = new RegExp(
  `\\b(?:who (?:is|was|are|were) (?:the )?(?:writers?|authors?) of ${THIS_DOC}|(?:writers?|authors?) of ${THIS_DOC}|who (?:is|are) credited (?:with|as|for)|(?:researchers?|scholars?|persons?|people) (?:is |are )?credited|who (?:is|are) (?:the )?${DOC}(?:'s)? (?:writers?|authors?))`,
  'i',
);
const PUBLISHED_BY = new RegExp(
  `\\b(?:which|what) (?:organi[sz]ation|institute|institution|think tank|body|publisher|centre|center|agency)s? (?:is|was|are|were) behind ${THIS_DOC}|(?:organi[sz]ation|institute|institution|think tank) (?:that )?(?:published|issued|produced|released) (?:this|the|it)\\b`,
  'i',
);
/** "the RAND study on X", "the 2022 report": a document named by a few words of its card (checked against it). */
const NAMED_DOC = new RegExp(`\\b(?:author|writer|publisher)s? of the ((?:[\\p{L}\\d'’-]+ ){1,3})${DOC}\\b(?: (?:on|about|into) ([^?]{3,120}))?`, 'iu');
const ISSUED = new RegExp(
  `\\b(?:(?:on |in )?(?:what|which) (?:date|day|year|month)(?: and (?:year|month|day))?) (?:was|is|did) ${THIS_DOC} (?:published|issued|released|written|dated|come out|appear)|\\bcopyright\\b.*\\b(?:year|date)\\b|\\b(?:year|date)\\b.*\\bcopyright\\b`,
  'i',
);
const TITLE = new RegExp(
  `\\b(?:what(?:'s| is| was) the (?:full |exact )?(?:title|name) of ${THIS_DOC}|what (?:is|was) ${THIS_DOC} (?:called|titled|named|entitled)|what(?:'s| is| was) ${THIS_DOC}(?:'s)? (?:full )?title|how is ${THIS_DOC} (?:called|titled))\\b`,
  'i',
);
/** "Appendix 3", "Table 2", "Annex B": the label a caption gives a table or figure. */
const LABEL = '((?:appendix|annex|table|figure|exhibit|chart)\\s+[\\p{L}\\d]{1,4}(?:\\.\\d+)?)';
/** What a labelled table or appendix covers, asked with nothing else ("What does Appendix 3 cover?"). */
const CAPTION = new RegExp(
  `^\\s*(?:what (?:does|do|did) ${LABEL} (?:cover|contain|show|list|present|describe|include|document|record|deal with|give|summari[sz]e)|what(?:'s| is| was) ${LABEL} (?:about|on)|what (?:is|are|was|were) (?:listed|shown|covered|recorded|documented|presented|given|included) (?:in|by) ${LABEL}|what(?:'s| is) in ${LABEL}|what is the (?:subject|topic|title|caption) of ${LABEL})\\s*[?.!]*\\s*$`,
  'iu',
);

const STAND_FOR = /^\s*what (?:does|do|did) (?:the )?(?:acronym |abbreviation |term )?["“']?([\p{L}\p{N}+&.-]+(?:\s+[\p{L}\p{N}+&.-]+){0,3})["”']? (?:stand for|mean|refer to)\s*\??\s*$/iu;
const DEFINE = /^\s*(?:define|(?:how does|how do) (?:the |this )?(?:report|document|paper|study|author) define|what is meant by|what do you mean by|meaning of)\s+(?:the (?:term |concept |word )?)?["“']?(.+?)["”']?\s*\??\s*$/iu;
const WHAT_IS = /^\s*(?:what|who) (?:is|are|was|were)\s+(?:an? |the )?["“']?([\p{L}\p{N}+&'’.-]+(?:\s+[\p{L}\p{N}+&'’.-]+){0,5}?)["”']?\s*\??\s*$/iu;

const WHY = /^\s*(?:why\b|how come\b|for what reasons?\b|what (?:is|was|were|are) the (?:main )?reasons?\b|what (?:led|drove|caused|motivates|motivated)\b)/i;
const HOW = /^\s*how (?:did|does|do|is|are|was|were|has|have|can|could|will|would)\b/i;

/** Words that make a "what is …" question ask for something other than a definition. */
const NOT_A_TERM = /^(?:this|that|it|there|here|the (?:report|document)|your|my)\b|\b(?:name|number|date|year|size|total|cost|value|purpose|role|goal|aim|reason|difference|relationship)\b/i;

/** The intent of a question (see QuestionIntent). */
export function questionIntent(question: string): QuestionIntent {
  const q = question.trim().replace(/\s+/g, ' ');
  const small = smallTalkAct(q);
  if (small) return { kind: 'smalltalk', act: small };
  if (OVERVIEW_CONCLUSIONS.test(q)) return { kind: 'overview', focus: 'conclusions' };
  if (OVERVIEW_ABOUT.test(q)) return { kind: 'overview', focus: 'about' };
  const caption = CAPTION.exec(q);
  if (caption) {
    const label = (caption.slice(1).find(Boolean) ?? '').replace(/\s+/g, ' ');
    return { kind: 'metadata', slot: 'caption', label: label.charAt(0).toUpperCase() + label.slice(1) };
  }
  if (TITLE.test(q)) return { kind: 'metadata', slot: 'title' };
  if (DESIGNER.test(q)) return { kind: 'metadata', slot: 'designer' };
  if (PUBLISHED_BY.test(q)) return { kind: 'metadata', slot: 'publisher' };
  if (WRITER.test(q)) return { kind: 'metadata', slot: 'author' };
  if (ISSUED.test(q)) return { kind: 'metadata', slot: 'date' };
  const named = NAMED_DOC.exec(q);
  if (named) {
    const slot = /^publisher/i.test(named[0].replace(/^\W+/, '')) ? 'publisher' : 'author';
    return { kind: 'metadata', slot, qualifier: `${named[1]} ${named[2] ?? ''}`.replace(/\s+/g, ' ').trim() };
  }
  if (AUTHOR.test(q)) return { kind: 'metadata', slot: 'author' };
  if (PUBLISHER.test(q)) return { kind: 'metadata', slot: 'publisher' };
  if (DATE.test(q)) return { kind: 'metadata', slot: 'date' };
  const term = STAND_FOR.exec(q)?.[1] ?? DEFINE.exec(q)?.[1] ?? WHAT_IS.exec(q)?.[1];
  if (term && !NOT_A_TERM.test(term) && !/\d{4}/.test(term)) {
    const clean = term.replace(/[?.!]+$/, '').trim();
    return { kind: 'definition', term: clean, acronym: /^[\p{Lu}\d+&.-]{2,10}s?$/u.test(clean) && /\p{Lu}.*\p{Lu}/u.test(clean) };
  }
  if (WHY.test(q)) return { kind: 'reason', mechanism: false };
  if (HOW.test(q)) return { kind: 'reason', mechanism: true };
  return { kind: 'fact' };
}

