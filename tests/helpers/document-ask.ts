import { afterAll, beforeAll } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../ingest/build-index.js';
import type { AskService } from '../../src/ask/ask-service.js';
import { loadConfig } from '../../src/config/config.js';
import { createUseEmbedder } from '../../src/embedders/use-embedder.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { loadIndex } from '../../src/retrieval/load-index.js';
import { createServices } from '../../src/server/create-services.js';

/**
 * The real ask service over a small document a test writes itself: ingested into a
 * temporary index with the default embedder. `close` removes the folder.
 */
export async function askServiceFor(fileName: string, text: string): Promise<{ ask: AskService; close: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dossier-doc-'));
  const file = path.join(dir, fileName);
  await writeFile(file, text);
  const embedder = createUseEmbedder();
  const root = path.join(dir, 'index');
  await buildIndex({ paths: [file], indexRoot: root, embedder });
  const config = loadConfig({ INDEX_DIR: root, DOCS: 'false' });
  const ask = createServices({ config, embedder, index: createIndexHolder(await loadIndex(root, embedder)) }).ask;
  return { ask, close: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * For a describe block: ingests `text` before its tests (beforeAll) and removes the index after them
 * (afterAll). Call the returned function inside a test to get the ask service.
 */
export function useDocumentAsk(fileName: string, text: string): () => AskService {
  let service: { ask: AskService; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    service = await askServiceFor(fileName, text);
  }, 120_000);
  afterAll(() => service?.close());
  return () => {
    if (!service) throw new Error(`The index for ${fileName} was not built (its beforeAll failed).`);
    return service.ask;
  };
}
