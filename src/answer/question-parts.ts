import { namedYears } from './answer-type.js';

/** The two halves of a two-part question, each able to stand alone for a retrieval round of its own. */
export interface QuestionParts {
  first: string;
  /** The second half, with the first half's names and years added when it leans on them ("… for it"). */
  second: string;
}

/** "…, and when/where/who/what/which/how …", "… and to which …", "… and in what year …": a new question begins. */
const SECOND_QUESTION =
  /,?\s+and\s+((?:(?:to|in|at|from|for|by|with|on|of|about|since|until)\s+)?(?:when|where|who|whom|whose|which|what|why|how)\b.*)$/i;

/** "How many meetings did X hold with A and with B?": the frame, the repeated preposition and the two things. */
const SHARED_FRAME = /^(.{12,}?)\s+(with|for|in|to|from|by|of|at|on|between)\s+([^,?]+?),?\s+and\s+\2\s+([^,?]+?)\s*\??$/i;

/**
 * Split a two-part question at the "and" that starts its second question ("When was X founded, and
 * where is it based?"), or one question asked of two things with its preposition repeated ("… with A
 * and with B?"). Undefined for a question with one part, or a list ("X and Y") that is not a second question.
 */
export function questionParts(question: string): QuestionParts | undefined {
  const q = question.trim();
  // "… with A and with B?": one question asked of two things, the preposition repeated.
  const shared = SHARED_FRAME.exec(q);
  if (shared) {
    const [, frame, prep, a, b] = shared;
    return { first: `${frame} ${prep} ${a}?`, second: `${frame} ${prep} ${b}?` };
  }
  const m = SECOND_QUESTION.exec(q);
  if (!m || m.index < 12) return undefined;
  const first = q.slice(0, m.index).replace(/[,;]\s*$/, '').trim();
  let second = m[1].trim();
  if (second.split(/\s+/).length < 3) return undefined;
  // The second half often points back ("it", "they", "there"): carry the first half's names and years over.
  const own = new Set([...names(second), ...namedYears(second)].map((t) => t.toLowerCase()));
  const carried = [...new Set([...names(first), ...namedYears(first)])].filter((t) => !own.has(t.toLowerCase()));
  if (carried.length) second = `${second.replace(/[?.!]+$/, '')} (${carried.join(', ')})?`;
  return { first: `${first.replace(/[?.!]+$/, '')}?`, second };
}

/** Capitalised words after a question's first word ("NATO", "Portugal", "Danish"). */
function names(text: string): string[] {
  return text.replace(/^\s*\S+\s*/, '').match(/\b\p{Lu}[\p{L}\p{N}+'’-]*/gu) ?? [];
}
