import { splitSentences } from '../core/sentences.js';
import { stem, STOP_WORDS } from '../core/tokenize.js';
import type { Chunk } from '../core/types.js';
import type { ProseCount } from './compose-answer.js';
import type { QueryResult } from './run-query.js';
import { wordsOf } from './vocabulary.js';

const NUMBER = /(?<![\d$.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]*\s*(?:%|percent|km|kilomet|th\b|st\b|nd\b|rd\b))/g;

/**
 * A sentence of the document's prose (outside the table's own section) that states the count a
 * count query answers: it names what the table counts (a caption noun right after the number)
 * and, when the query is about one group, that group — e.g. "the two conducted at least 80
 * bilateral meetings". Prose and table may disagree; the answer then says both.
 */
export function findProseCount(prose: readonly Chunk[], result: QueryResult): ProseCount | null {
  const { table, query } = result;
  const group = table.columns.find((c) => c.role === 'group');
  const filters = query.filters;
  if (filters.length > 1 || filters.some((f) => 'any' in f || f.column !== group?.name || f.op !== 'eq')) return null;
  const groupWords = filters.length && !('any' in filters[0]) ? wordsOf(String(filters[0].value)).filter((w) => w.length > 3) : [];
  const caption = new Set(wordsOf(table.table.caption ?? '').filter((w) => !STOP_WORDS.has(w) && w.length > 3).map(stem));
  const section = table.table.section.join(' ');
  const groupNames = group ? [...new Set(table.table.rows.map((r) => r.cells[group.index]?.text).filter((t): t is string => !!t))].map((g) => wordsOf(g).filter((w) => w.length > 3)) : [];
  const names = (clause: string[], name: string[]) => name.some((g) => clause.some((w) => w.startsWith(g.slice(0, Math.max(4, g.length - 4)))));
  for (const chunk of prose) {
    if (chunk.document !== table.table.document || (section && chunk.section.join(' ').startsWith(section))) continue;
    for (const [start, end] of splitSentences(chunk.text)) {
      const sentence = chunk.text.slice(start, end);
      // The counted noun follows a number somewhere in the sentence, in the caption's words ("80 bilateral meetings"); a
      // clause of a list ("…; the North held at least 64;") may then give one group's count.
      const counted = [...sentence.replace(/<sup>\d+<\/sup>/g, '').matchAll(NUMBER)].filter((m) => !/^(?:1[89]|20)\d\d$/.test(m[1])).some((m) => wordsOf(sentence.slice(m.index! + m[0].length)).slice(0, 3).map(stem).some((w) => caption.has(w)));
      if (!counted) continue;
      for (const clause of sentence.split(';')) {
        const words = wordsOf(clause);
        if (groupWords.length && (!names(words, groupWords) || groupNames.filter((g) => names(words, g)).length !== 1)) continue;
        const numbers = [...clause.replace(/<sup>\d+<\/sup>/g, '').matchAll(NUMBER)].filter((m) => !/^(?:1[89]|20)\d\d$/.test(m[1]));
        if (numbers.length !== 1) continue;
        const after = wordsOf(clause.slice(numbers[0].index! + numbers[0][0].length)).slice(0, 3).map(stem);
        if (!groupWords.length && !after.some((w) => caption.has(w))) continue;
        if (!groupWords.length && !/\b(?:a total of|in total|at least|about|over|more than|records? of|documented)\b/i.test(clause)) continue;
        return { chunk, quote: sentence, value: Number(numbers[0][1].replace(/,/g, '')) };
      }
    }
  }
  return null;
}
