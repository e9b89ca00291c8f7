import { tool } from 'langchain';
import type { Answer } from '../core/types.js';
import { NotReadyError, TableQueryError } from '../core/errors.js';
import { structuredQuerySchema } from '../tables/structured-query.js';
import type { TableEngine } from '../tables/table-engine.js';
import { formatAnswerForModel } from './dossier-ask-tool.js';

export interface DossierTableToolSettings {
  /** The table engine over the loaded index (`openLocalDossier(...).tables`, or `createTableEngine({ index })`). */
  engine: Pick<TableEngine, 'run' | 'toolSchema'>;
  /** Tool name the model sees (default `query_dossier_tables`). */
  name?: string;
}

/** What the table tool hands back to code (ToolMessage.artifact): the cited answer and the SQL that produced it. */
export interface DossierTableArtifact {
  answer: Answer;
  /** Rows that matched the filters. */
  count: number;
  /** The parameterised SQL run, and its parameters. */
  sql: string;
  params: unknown[];
}

/**
 * The table engine as a LangChain structured tool: the model writes a
 * structured query (the engine's own zod schema: table, operation, column,
 * filters), Dossier runs it as parameterised SQL over the document's typed
 * tables and answers with every row it rests on cited. The description
 * lists the loaded index's tables and columns, read from the data, so the
 * model can only name what exists. A query naming a missing table or column
 * comes back as text saying so, for the model to correct.
 */
export function createDossierTableTool(settings: DossierTableToolSettings) {
  const { engine, name = 'query_dossier_tables' } = settings;
  const schema = engine.toolSchema();
  if (!schema) throw new NotReadyError('The loaded index has no tables (or none is loaded yet); the table tool needs them.');
  const tables = ((schema.properties as Record<string, { description?: string }>).table.description ?? '').trim();
  const description =
    'Runs an exact query over the typed tables of the indexed document (count, list, lookup, min/max, earliest/latest, sum, ' +
    'per-group counts) and answers with every row it used cited. Name a table id and its columns exactly as listed.\n' +
    `Tables:\n${tables}`;
  return tool(
    async (query): Promise<[string, DossierTableArtifact | null]> => {
      try {
        const { answer, result } = engine.run(query);
        return [formatAnswerForModel(answer), { answer, count: result.count, sql: result.sql, params: result.params }];
      } catch (err) {
        if (err instanceof TableQueryError) return [`The query could not run: ${err.message}`, null];
        throw err;
      }
    },
    { name, description, schema: structuredQuerySchema, responseFormat: 'content_and_artifact' },
  );
}
