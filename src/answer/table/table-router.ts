import type { Answer, Chunk } from '../../core/types.js';
import type { IndexHolder } from '../../retrieval/index-holder.js';
import { composeTableAnswer } from './compose-table-answer.js';
import { parseTableQuestion } from './parse-table-question.js';
import { findProseStatement } from './prose-statement.js';
import { runTableQuery, type TableQuery } from './table-query.js';
import { tablesFor } from './typed-table.js';

/** Answers count, list and superlative questions over the appendix tables exactly; null for anything else. */
export interface TableRouter {
  route(question: string): Answer | null;
  /** Run an already structured query (e.g. from LLM function calling). */
  answer(query: TableQuery): Answer;
}

export interface TableRouterSettings {
  index: IndexHolder;
}

/** Build the router over the live index; typed tables are built once per loaded index. */
export function createTableRouter({ index }: TableRouterSettings): TableRouter {
  const answer = (query: TableQuery): Answer => {
    const loaded = index.get();
    const tables = tablesFor(loaded);
    const result = runTableQuery(tables, query);
    const onlyCountry = query.countries?.length === 1 ? query.countries[0] : null;
    const unfiltered =
      query.yearFrom === undefined && query.yearTo === undefined && !query.agencies?.length && !query.location && !query.type && !query.textContains?.length && !query.hasValue;
    const prose =
      query.operation === 'count' && unfiltered && (query.countries?.length ?? 0) <= 1 && query.appendix !== 2
        ? findProseStatement(loaded.chunks, query.appendix, onlyCountry)
        : null;
    const noInformation = result.matched.length === 0 ? noInformationChunks(loaded.chunks, query) : [];
    return composeTableAnswer(result, { prose, noInformation });
  };
  return {
    route(question) {
      const loaded = index.current;
      if (!loaded) return null;
      const query = parseTableQuestion(question, tablesFor(loaded));
      return query ? answer(query) : null;
    },
    answer,
  };
}

/** The appendix's "No public information available" notes for the queried countries. */
function noInformationChunks(chunks: readonly Chunk[], query: TableQuery): Chunk[] {
  if (!query.countries?.length) return [];
  return chunks.filter(
    (c) =>
      c.kind === 'prose' &&
      c.section.some((s) => s.startsWith(`Appendix ${query.appendix}.`)) &&
      /no public information/i.test(c.text) &&
      query.countries!.some((country) => c.text.includes(country)),
  );
}
