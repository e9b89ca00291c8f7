import path from 'node:path';
import { buildIndex } from '../../ingest/build-index.js';
import { corpusHash } from '../../ingest/corpus-hash.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createUseEmbedder } from '../../src/embedders/use-embedder.js';
import type { Embedder } from '../../src/embedders/embedder.js';
import { createIndexHolder, type IndexHolder } from '../../src/retrieval/index-holder.js';
import { loadIndex, readManifest, type LoadedIndex } from '../../src/retrieval/load-index.js';
import { createServices } from '../../src/server/create-services.js';
import type { DossierServices } from '../../src/server/plugins/services.js';

/** The bundled report, as the tests ingest it. */
export const REPORT_MD = path.resolve('ingest/corpus/china-security-management-central-asia.md');
export const REPORT_PDF = path.resolve('ingest/corpus/china-security-management-central-asia.pdf');
/** Shared test index folder, built once by `tests/global-setup.ts` and reused while the corpus is unchanged. */
export const TEST_INDEX_DIR = path.resolve('.tmp-test-index');

/** Build the shared test index unless a fresh one is already there (called from vitest globalSetup). */
export async function ensureTestIndex(): Promise<void> {
  const embedder = createUseEmbedder();
  const manifest = await readManifest(TEST_INDEX_DIR);
  if (manifest?.corpusHash === corpusHash([REPORT_MD], embedder.id)) return;
  await buildIndex({ paths: [REPORT_MD], indexRoot: TEST_INDEX_DIR, embedder });
}

export interface TestIndex {
  index: LoadedIndex;
  embedder: Embedder;
  holder: IndexHolder;
}

let cached: Promise<TestIndex> | undefined;

/** The report's index, loaded once per test file. */
export function getTestIndex(): Promise<TestIndex> {
  cached ??= (async () => {
    const embedder = createUseEmbedder();
    const index = await loadIndex(TEST_INDEX_DIR, embedder);
    return { index, embedder, holder: createIndexHolder(index) };
  })();
  return cached;
}

/** Real services over the report's index, with config overrides. */
export async function getTestServices(env: Record<string, string> = {}): Promise<{ services: DossierServices; config: Config } & TestIndex> {
  const t = await getTestIndex();
  const config = loadConfig({ INDEX_DIR: TEST_INDEX_DIR, DOCS: 'false', ...env });
  return { ...t, config, services: createServices({ config, embedder: t.embedder, index: t.holder }) };
}
