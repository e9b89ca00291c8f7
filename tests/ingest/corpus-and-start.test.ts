import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../ingest/build-index.js';
import { resolveCorpus } from '../../ingest/corpus-files.js';
import { loadConfig } from '../../src/config/config.js';
import { IngestError } from '../../src/core/errors.js';
import { CURRENT_POINTER } from '../../src/retrieval/index-format.js';
import { ensureIndex } from '../../src/server/ensure-index.js';
import { createHashingEmbedder } from './helpers/hashing-embedder.js';

const BRIEF = path.resolve('tests/fixtures/serra-basin-brief.md');
const MINI = path.resolve('tests/fixtures/mini-report.md');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-corpus-'));
  await mkdir(path.join(dir, 'docs', 'nested'), { recursive: true });
  await copyFile(BRIEF, path.join(dir, 'docs', 'brief.md'));
  await copyFile(path.resolve('tests/fixtures/serra-basin-brief.pdf'), path.join(dir, 'docs', 'brief.pdf'));
  await copyFile(MINI, path.join(dir, 'docs', 'nested', 'mini.md'));
  await copyFile(MINI, path.join(dir, 'docs', 'nested', 'notes.txt'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CORPUS files, folders and globs', () => {
  it('expands a folder to its supported files, reading a PDF twin through its Markdown', () => {
    expect(resolveCorpus([path.join(dir, 'docs')]).map((f) => path.relative(dir, f))).toEqual(['docs/brief.md', 'docs/nested/mini.md', 'docs/nested/notes.txt']);
  });

  it('expands globs and keeps plain files as they are', () => {
    expect(resolveCorpus([path.join(dir, 'docs/**/*.md')]).map((f) => path.basename(f))).toEqual(['brief.md', 'mini.md']);
    expect(resolveCorpus([path.join(dir, 'docs/nested/*.{txt,md}')]).map((f) => path.basename(f))).toEqual(['mini.md', 'notes.txt']);
    expect(resolveCorpus([BRIEF])).toEqual([BRIEF]);
  });

  it('says which entry matches nothing', () => {
    expect(() => resolveCorpus([path.join(dir, 'docs/*.docx')])).toThrow(IngestError);
    expect(() => resolveCorpus([path.join(dir, 'docs/*.docx')])).toThrow(/docs\/\*\.docx" matches no/);
  });
});

describe('npm start and an index built from other files', () => {
  it('serves an index ingested from other files instead of rebuilding it from CORPUS', async () => {
    const root = path.join(dir, 'index-other');
    const embedder = createHashingEmbedder();
    await buildIndex({ paths: [BRIEF], indexRoot: root, embedder });
    const pointer = await readFile(path.join(root, CURRENT_POINTER), 'utf8');
    const logs: string[] = [];
    const config = loadConfig({ INDEX_DIR: root, CORPUS: MINI });
    const index = await ensureIndex(config, embedder, (m) => logs.push(m));
    expect(index.manifest.documents.map((d) => d.source)).toEqual(['serra-basin-brief.md']);
    expect(await readFile(path.join(root, CURRENT_POINTER), 'utf8')).toBe(pointer);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/Serving the index .* built from serra-basin-brief\.md \(CORPUS names mini-report\.md; run `npm run ingest` to replace it\)/);
  });

  it('builds from CORPUS when there is no index, and says so in one line', async () => {
    const root = path.join(dir, 'index-new');
    const logs: string[] = [];
    const index = await ensureIndex(loadConfig({ INDEX_DIR: root, CORPUS: `${path.join(dir, 'docs')}` }), createHashingEmbedder(), (m) => logs.push(m));
    expect(index.manifest.documents.map((d) => d.source)).toEqual(['brief.md', 'mini.md', 'notes.txt']);
    expect(logs[0]).toMatch(/^No index in .*; building it from brief\.md, mini\.md, notes\.txt\.$/);
    expect(index.manifest.documents[0].metadata?.title).toBe('Sharing a Shrinking River: Drought Allocation in the Serra Basin');
  });
});
