import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkDocumentWithTables } from '../../ingest/chunk/chunk-document.js';
import { loadDocument } from '../../ingest/load/load-document.js';

const TEXT = `Water Rights in the Lower Valley
================================

Author: Ana Ruiz

1. Background

Farms along the canal hold 212 licences.

1.1 Licence rules

Licences are renewed every ten years.

Table 1. Licences by district

District\tLicences\tRenewed
North\t120\tMarch 2021
South\t92\tn/a

2. Outlook
----------

Demand will rise in dry years.
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-text-'));
  await writeFile(path.join(dir, 'rights.txt'), TEXT);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('plain text conventions', () => {
  it('reads underlined and numbered headings (nested by their numbers), a tab table with its caption, and opening-line metadata', async () => {
    const { chunks, tables, metadata } = chunkDocumentWithTables(await loadDocument(path.join(dir, 'rights.txt')));
    const sectionOf = (needle: string) => chunks.find((c) => c.text.includes(needle))?.section;
    expect(sectionOf('212 licences')).toEqual(['Water Rights in the Lower Valley', '1. Background']);
    expect(sectionOf('renewed every ten years')).toEqual(['Water Rights in the Lower Valley', '1. Background', '1.1 Licence rules']);
    expect(sectionOf('Demand will rise')).toEqual(['Water Rights in the Lower Valley', '2. Outlook']);
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({ label: 'Table 1', title: 'Licences by district' });
    expect(tables[0].rows.map((r) => r.cells)).toEqual([
      [{ type: 'text', text: 'North' }, { type: 'integer', text: '120', number: 120 }, { type: 'date', text: 'March 2021', year: 2021, month: 3, precision: 'month' }],
      [{ type: 'text', text: 'South' }, { type: 'integer', text: '92', number: 92 }, null],
    ]);
    expect(metadata).toMatchObject({ author: 'Ana Ruiz', sources: { author: { from: 'opening-lines', line: 4 } } });
  });
});
