import { tool } from 'langchain';
import { z } from 'zod';
import type { AskResponse, AskService } from '../ask/ask-service.js';

/** The ask tool's arguments, as the model must send them. */
export const askToolSchema = z.object({
  question: z.string().min(1).max(2000).describe('A standalone question about the report, in plain words.'),
});

export interface DossierAskToolSettings {
  /** In-process ask service (`createServices(...).ask`) or a remote one (`createDossierClient`). */
  dossier: Pick<AskService, 'ask'>;
  /** Tool name the model sees (default `ask_dossier`). */
  name?: string;
  /** What the model is told the tool is for. */
  description?: string;
}

const DEFAULT_DESCRIPTION =
  'Answers a question from the indexed report with verbatim, numbered citations (section, page, quote). ' +
  'Says so when the report does not answer. Ask one self-contained question per call.';

/**
 * The whole Dossier ask as a LangChain structured tool: the model gets the
 * answer with its `[n]` markers and a numbered source list with each quote;
 * the full `/api/ask` response is the tool's artifact
 * (`ToolMessage.artifact`) for code that wants the structured citations.
 */
export function createDossierAskTool(settings: DossierAskToolSettings) {
  const { dossier, name = 'ask_dossier', description = DEFAULT_DESCRIPTION } = settings;
  return tool(
    async ({ question }, config): Promise<[string, AskResponse]> => {
      const response = await dossier.ask({ question }, { signal: config?.signal });
      return [formatAnswerForModel(response), response];
    },
    { name, description, schema: askToolSchema, responseFormat: 'content_and_artifact' },
  );
}

/** The text a model reads from the tool: the answer, then one line per citation with its verbatim quote. */
export function formatAnswerForModel(response: Pick<AskResponse, 'answer' | 'abstained' | 'citations'>): string {
  if (response.abstained) return `The report does not answer this. ${response.answer}`.trim();
  const sources = response.citations.map((c) => `[${c.n}] ${c.section}${c.page === null ? '' : `, p. ${c.page}`} (${c.chunkId}): "${c.quote}"`);
  return [response.answer, '', 'Sources:', ...sources].join('\n');
}
