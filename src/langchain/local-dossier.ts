import type { AskService } from '../ask/ask-service.js';
import type { Config } from '../config/config.js';
import { createEmbedder } from '../embedders/create-embedder.js';
import { createServices } from '../server/create-services.js';
import { ensureIndex } from '../server/ensure-index.js';
import { createTableEngine, type TableEngine } from '../tables/table-engine.js';

/** An in-process Dossier: the same ask service the server uses, over an index on disk. */
export interface LocalDossier {
  ask: AskService;
  /** The table engine over the same index, for the structured table tool. */
  tables: TableEngine;
  /** Releases what the services hold (e.g. a Redis connection). */
  close(): Promise<void>;
}

/**
 * Opens Dossier in this process from a parsed config: loads `INDEX_DIR`
 * (building it from `CORPUS` first when missing or stale, as `npm start` does)
 * and returns the ask service and the table engine, for LangChain code that does not want a server.
 */
export async function openLocalDossier(config: Config, options: { log?: (msg: string) => void } = {}): Promise<LocalDossier> {
  const embedder = createEmbedder(config);
  const services = createServices({ config, embedder });
  services.index.swap(await ensureIndex(config, embedder, options.log ?? (() => undefined)));
  return { ask: services.ask, tables: createTableEngine({ index: services.index }), close: async () => services.close?.() };
}
