import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../ingest/build-index.js';
import { chunkDocumentWithTables } from '../../ingest/chunk/chunk-document.js';
import { loadDocument } from '../../ingest/load/load-document.js';
import { IngestError } from '../../src/core/errors.js';
import { CURRENT_POINTER } from '../../src/retrieval/index-format.js';
import { loadIndex } from '../../src/retrieval/load-index.js';
import { createHashingEmbedder } from './helpers/hashing-embedder.js';

const BAD = path.resolve('tests/fixtures/bad');
const BRIEF = path.resolve('tests/fixtures/serra-basin-brief.md');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-bad-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bad input', () => {
  it('names the file and says what to do for a scanned, encrypted or truncated PDF and a binary renamed .md', async () => {
    const cases: Array<[string, RegExp]> = [
      ['scanned-page.pdf', /scanned-page\.pdf has no text layer.*OCR/],
      ['encrypted-brief.pdf', /encrypted-brief\.pdf is encrypted.*Remove the password/],
      ['truncated-brief.pdf', /truncated-brief\.pdf is not a readable PDF \(truncated or damaged.*export it again/],
      ['image-renamed.md', /image-renamed\.md looks like a binary file.*export it as Markdown/],
    ];
    for (const [file, message] of cases) {
      const load = loadDocument(path.join(BAD, file));
      await expect(load, file).rejects.toBeInstanceOf(IngestError);
      await expect(loadDocument(path.join(BAD, file)), file).rejects.toThrow(message);
    }
  }, 60_000);

  it('keeps a ragged table and warns about the rows that do not fit', async () => {
    const file = path.join(dir, 'ragged.md');
    await writeFile(file, '# Notes\n\n## Stations\n\nTable 1. Gauges\n\nName\tKm\tOpened\nAlta\t12\t1964\nMora\t140\t2003\textra note\tmore\n');
    const { tables, warnings, chunks } = chunkDocumentWithTables(await loadDocument(file));
    expect(tables).toHaveLength(1);
    expect(tables[0].rows).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/Table 1\. Gauges.*line 9 has 5 cells for 3 columns/);
    expect(chunks.find((c) => c.text.includes('Name: Mora'))?.text).toContain('Opened: 2003 extra note more');
  });

  it('leaves the served index untouched when an ingest fails part-way', async () => {
    const root = path.join(dir, 'index');
    const embedder = createHashingEmbedder();
    await buildIndex({ paths: [BRIEF], indexRoot: root, embedder });
    const pointer = await readFile(path.join(root, CURRENT_POINTER), 'utf8');
    const broken = path.join(dir, 'broken.pdf');
    await copyFile(path.join(BAD, 'truncated-brief.pdf'), broken);
    await expect(buildIndex({ paths: [BRIEF, broken], indexRoot: root, embedder })).rejects.toThrow(/broken\.pdf is not a readable PDF/);
    expect(await readFile(path.join(root, CURRENT_POINTER), 'utf8')).toBe(pointer);
    const index = await loadIndex(root, embedder);
    expect(index.manifest.documents.map((d) => d.source)).toEqual(['serra-basin-brief.md']);
    expect(index.tables).toHaveLength(4);
  }, 60_000);
});
