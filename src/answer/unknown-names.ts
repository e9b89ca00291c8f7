import type { LexicalIndex } from '../retrieval/lexical-index.js';
import { tokenize } from '../retrieval/tokenize.js';

/**
 * Capitalised names in a question (past its first word) that the corpus never
 * uses: "Rogun", "FIFA". A question about a name the report does not contain
 * is very likely one the report cannot answer, however close the wording.
 */
export function unknownNames(question: string, lexical: Pick<LexicalIndex, 'idf'>): string[] {
  const words = question.replace(/^\s*\S+\s*/, '').match(/\b\p{Lu}[\p{L}'’-]*/gu) ?? [];
  return words.filter((w) => {
    const terms = tokenize(w);
    return terms.length > 0 && terms.every((t) => lexical.idf(t) === 0);
  });
}
