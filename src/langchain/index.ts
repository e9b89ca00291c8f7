/** Dossier for LangChain.js: a retriever and tools that work in-process or against a remote Dossier. */
export { DossierRetriever, type DossierDocumentMetadata, type DossierRetrieverInput } from './dossier-retriever.js';
export { askToolSchema, createDossierAskTool, formatAnswerForModel, type DossierAskToolSettings } from './dossier-ask-tool.js';
export { createDossierTableTool, type DossierTableArtifact, type DossierTableToolSettings } from './dossier-table-tool.js';
export { openLocalDossier, type LocalDossier } from './local-dossier.js';
export { createDossierClient, type DossierClient, type DossierClientSettings } from '../client/dossier-client.js';
