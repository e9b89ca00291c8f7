import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { AskService } from '../ask/ask-service.js';
import type { Citation } from '../core/types.js';

/** What each Document's metadata carries: the citation, field for field, plus how it was found. */
export interface DossierDocumentMetadata {
  chunkId: string;
  /** Source file of the chunk, e.g. "report.md". */
  source: string;
  /** Section path joined with " › ". */
  section: string;
  /** 1-based page when the source has pages, else null. */
  page: number | null;
  kind: Citation['kind'];
  /** Verbatim text of the chunk (also the Document's pageContent). */
  quote: string;
  /** The `[n]` marker Dossier gave this citation in its answer. */
  n: number;
  /** How Dossier answered: `extractive`, `llm` or `table`. */
  mode: string;
  /** The question as Dossier understood it (after follow-up rewriting). */
  standaloneQuestion?: string;
}

export interface DossierRetrieverInput extends BaseRetrieverInput {
  /** In-process ask service (`createServices(...).ask`) or a remote one (`createDossierClient`). */
  dossier: Pick<AskService, 'ask'>;
}

/**
 * Dossier as a LangChain retriever: the evidence Dossier would cite for a
 * query, one Document per citation, whose pageContent is the verbatim quote
 * and whose metadata is the citation (chunk id, source, section, page, kind,
 * quote). When the report does not answer the query, Dossier abstains and the
 * retriever returns no documents, so a chain cannot ground itself on noise.
 */
export class DossierRetriever extends BaseRetriever<DossierDocumentMetadata> {
  lc_namespace = ['dossier', 'retrievers'];
  private readonly dossier: Pick<AskService, 'ask'>;

  static lc_name(): string {
    return 'DossierRetriever';
  }

  constructor(fields: DossierRetrieverInput) {
    super(fields);
    this.dossier = fields.dossier;
  }

  async _getRelevantDocuments(query: string): Promise<Document<DossierDocumentMetadata>[]> {
    const response = await this.dossier.ask({ question: query });
    if (response.abstained) return [];
    return response.citations.map(
      (c) =>
        new Document<DossierDocumentMetadata>({
          id: c.chunkId,
          pageContent: c.quote,
          metadata: {
            chunkId: c.chunkId,
            source: c.source,
            section: c.section,
            page: c.page,
            kind: c.kind,
            quote: c.quote,
            n: c.n,
            mode: response.mode,
            ...(response.standaloneQuestion ? { standaloneQuestion: response.standaloneQuestion } : {}),
          },
        }),
    );
  }
}
