import type { QueryEngine } from '../ask/route-question.js';
import type { Answer } from '../core/types.js';
import type { ToolCallingChatModel } from '../llm/chat-model.js';
import type { TableEngine } from './table-engine.js';

/** Where the LLM table engine reports a tool call it could not use (the question then goes to retrieval). */
export interface LlmTableLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface LlmTableEngineSettings {
  model: ToolCallingChatModel;
  tables: TableEngine;
  logger?: LlmTableLogger;
}

const TOOL_NAME = 'query_table';

/**
 * LLM mode for tables: the model is offered the structured query as a function (its JSON
 * schema names the live tables and columns) and decides whether the question is a table
 * question. A call is validated (zod) and run like the offline parser's queries, so the
 * answer's numbers and rows come from SQL and every row is cited. A malformed or invalid call,
 * or a failing model, is logged and the question goes on to retrieval: never an error.
 */
export function createLlmTableEngine(settings: LlmTableEngineSettings): QueryEngine {
  const { model, tables, logger } = settings;
  return {
    id: 'tables-llm',
    // Below any offline reading (those score ≥ 2): the exact parser answers first when it can. Only questions that use
    // some table's words (a caption word, a column name, a cell value) pay the tool call's round trip.
    select: (question) => (tables.toolSchema() && tables.mentionsTables(question) ? { score: 0 } : null),
    async answer(question, options = {}): Promise<Answer | null> {
      const parameters = tables.toolSchema();
      if (!parameters) return null;
      try {
        const args = await model.callTool(
          [
            { role: 'system', content: 'You answer questions about the tables of the indexed documents by calling query_table. Call it only when a table can answer the question exactly; otherwise reply without calling it.' },
            { role: 'user', content: question },
          ],
          { name: TOOL_NAME, description: 'Run a structured query (count, list, lookup, extremes, sums, counts per group) over one document table.', parameters },
          options,
        );
        if (args === null) return null;
        return tables.run(args).answer;
      } catch (err) {
        if (options.signal?.aborted) throw err;
        logger?.warn({ reason: (err as Error).message }, 'unusable table tool call; answering from text');
        return null;
      }
    },
  };
}
