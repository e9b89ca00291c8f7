import { createAskService } from '../answer/ask-service.js';
import { createExtractiveAnswerer } from '../answer/extractive-answerer.js';
import type { Config } from '../config/config.js';
import type { Embedder } from '../embedders/embedder.js';
import { createHybridRetriever } from '../retrieval/hybrid-retriever.js';
import { createIndexHolder, type IndexHolder } from '../retrieval/index-holder.js';
import type { DossierServices } from './plugins/services.js';

export interface CreateServicesOptions {
  config: Config;
  embedder: Embedder;
  index?: IndexHolder;
}

/** The composition root: wires embedder, retriever and answerer from config. */
export function createServices({ config, embedder, index = createIndexHolder() }: CreateServicesOptions): DossierServices {
  const retriever = createHybridRetriever({ embedder, index, topK: config.TOP_K });
  const answerer = createExtractiveAnswerer({ abstainThreshold: config.ABSTAIN_THRESHOLD });
  return { config, index, ask: createAskService({ retriever, answerer }) };
}
