/**
 * Heuristics that recognise the non-body parts of a report page: footnote
 * source lines, photo captions and pull quotes. Shared by the markdown and
 * plain-text parsers.
 */

/** A footnote line's number and where its text starts. */
export interface FootnoteStart {
  number: number;
  /** Offset within the line where the footnote text begins. */
  bodyStart: number;
}

const FOOTNOTE = /^(?:<sup>)?(\d{1,3})(?:<\/sup>)?(?!\.\s)\s?(?=[\p{L}“"‘'«[<(*])/u;
/** How far a footnote number may jump ahead of the last one (a few are sometimes lost to layout). */
const MAX_FOOTNOTE_GAP = 5;

/**
 * Recognise `12 Giglio, Davide, “Separatism...`, `6“宗教极端主义”` or
 * `<sup>65</sup> Ministry...`. Numbers must continue the document's footnote
 * sequence, which rules out body lines such as `2002), Secretaries of ...`
 * or `30 military officers ...`.
 */
export function matchFootnote(line: string, lastNumber: number): FootnoteStart | null {
  const match = FOOTNOTE.exec(line);
  if (!match) return null;
  const number = Number(match[1]);
  if (number <= lastNumber || number > lastNumber + MAX_FOOTNOTE_GAP) return null;
  return { number, bodyStart: match[0].length };
}

const CREDIT_IN_PARENS = /\((?:[^()]*\s\/\s[^()]*|[\w-]+(?:\.[\w-]+)+)\)\s*$/;
const MAX_CAPTION_LENGTH = 400;

/**
 * A photo caption: a short standalone paragraph ending in a credit such as
 * "REUTERS/Didor Sadulloev", "(Wikimedia / Nicolai Bangsgaard)" or "(mod.gov.cn)".
 */
export function isCaption(text: string): boolean {
  if (text.length > MAX_CAPTION_LENGTH) return false;
  return /\bREUTERS\//.test(text) || CREDIT_IN_PARENS.test(text);
}

const MIN_PULL_QUOTE_WORDS = 8;

/** An all-caps sentence repeated from the body in large type (rendered as a heading or a bold block). */
export function isPullQuote(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters === '' || /\p{Ll}/u.test(letters)) return false;
  return text.split(/\s+/).filter(Boolean).length >= MIN_PULL_QUOTE_WORDS;
}

/** True when a paragraph ends like a finished sentence (so the next paragraph is not its continuation). */
export function endsSentence(text: string): boolean {
  return /[.!?:;]["”’)\]]*$|["”’]$/.test(text.trimEnd());
}

/** Text with no Latin letters that is not a footnote, e.g. the Chinese/Russian sign in a photo. */
export function hasNoLatinText(text: string): boolean {
  return !/[A-Za-z]/.test(text);
}
