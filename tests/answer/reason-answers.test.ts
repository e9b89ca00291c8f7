import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../ingest/build-index.js';
import type { AskService } from '../../src/ask/ask-service.js';
import { loadConfig } from '../../src/config/config.js';
import { createUseEmbedder } from '../../src/embedders/use-embedder.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { loadIndex } from '../../src/retrieval/load-index.js';
import { createServices } from '../../src/server/create-services.js';

/** A small document of our own, so the reason-carrying mechanism is checked on text no eval set asks about. */
const HARBOUR = `# Harbour Works Review

## Findings

The harbour dredging programme stopped in 2019 after two seasons of work. This reflects the collapse of the port's cargo revenue, which had paid for every dredger hired since 2011.

The eastern breakwater was rebuilt in 2016 with concrete blocks from a quarry near the old lighthouse. Its crest was raised by two metres.

The ferry terminal moved to the northern quay in 2018. Passenger numbers rose by a fifth in the following year.
`;

describe('why-answers carry the reason', () => {
  let dir: string;
  let ask: AskService;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dossier-reason-'));
    const file = path.join(dir, 'harbour.md');
    await writeFile(file, HARBOUR);
    const embedder = createUseEmbedder();
    const root = path.join(dir, 'index');
    await buildIndex({ paths: [file], indexRoot: root, embedder });
    const config = loadConfig({ INDEX_DIR: root, DOCS: 'false' });
    ask = createServices({ config, embedder, index: createIndexHolder(await loadIndex(root, embedder)) }).ask;
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('adds the next sentence when it explains a best sentence that only restates the question', async () => {
    const r = await ask.ask({ question: 'Why did the harbour dredging programme stop?' });
    expect(r.abstained).toBe(false);
    expect(r.citations.map((c) => c.quote)).toEqual([
      'The harbour dredging programme stopped in 2019 after two seasons of work.',
      "This reflects the collapse of the port's cargo revenue, which had paid for every dredger hired since 2011.",
    ]);
  });

  it('does not add a next sentence that explains nothing', async () => {
    const r = await ask.ask({ question: 'Why was the eastern breakwater rebuilt in 2016?' });
    expect(r.citations.some((c) => c.quote.startsWith('Its crest was raised'))).toBe(false);
  });
});
