import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument } from '../../ingest/chunk/chunk-document.js';
import { loadDocument } from '../../ingest/load/load-document.js';
import { IngestError } from '../../src/core/errors.js';

const TEXT = `ANNUAL REVIEW

The border is 3,000 kilometers long. It was porous in the 1990s.

BORDER SECURITY

Patrols started in 2003 in Tacheng.1 They continue today.
1 Ministry of National Defense, "Joint patrols," July 20, 2018.
`;

const MARKDOWN = `# REVIEW

# OVERVIEW

**T**he border is long.<sup>1</sup> It was porous and the

1 Source one, "Title," 2019.

patrols were rare.

## THIS ALL-CAPS SENTENCE REPEATS THE BODY TEXT AS A PULL QUOTE FOR LAYOUT.

Patrols began in 2003, see [the report](https://example.org/a\\_b).

### *Exercises*

Drills were held.

Photo of a drill. (Wikimedia / Someone)

## APPENDIX 1. EXERCISES BETWEEN CHINA AND CENTRAL ASIAN STATES

KAZAKHSTAN\tCHINA\tDATE
Border Guards\tBorder Guards\tAugust 2006
TURKMENISTAN\tCHINA\tDATE
No public information available\t\t
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dossier-ingest-'));
  await writeFile(join(dir, 'notes.txt'), TEXT);
  await writeFile(join(dir, 'review.md'), MARKDOWN);
  await writeFile(join(dir, 'empty.md'), '  \n');
  await writeFile(join(dir, 'slides.pptx'), 'x');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadDocument', () => {
  it('loads a text file: headings from all-caps lines, footnotes from numbered source lines', async () => {
    const doc = await loadDocument(join(dir, 'notes.txt'));
    expect(doc).toMatchObject({ id: 'notes', source: 'notes.txt', format: 'text', pages: [] });
    const chunks = chunkDocument(doc);
    const border = chunks.find((c) => c.text.includes('3,000 kilometers'))!;
    expect(border).toMatchObject({ kind: 'prose', section: ['Annual Review'], page: null });
    expect(doc.text.slice(border.span[0], border.span[1])).toBe(border.text);
    expect(chunks.find((c) => c.text.includes('Tacheng'))?.section).toEqual(['Border Security']);
    expect(chunks.find((c) => c.text.includes('Ministry of National Defense'))?.kind).toBe('footnote');
  });

  it('loads a markdown file: sections, pull quotes, joins, links, captions and a table', async () => {
    const doc = await loadDocument(join(dir, 'review.md'));
    expect(doc.format).toBe('markdown');
    const chunks = chunkDocument(doc);
    const opening = chunks.find((c) => c.text.startsWith('The border is long.'))!;
    expect(opening.text).toBe('The border is long. It was porous and the patrols were rare.\n\nPatrols began in 2003, see the report (https://example.org/a_b).');
    expect(chunks.find((c) => c.text.startsWith('Photo of a drill'))?.kind).toBe('caption');
    expect(opening.section).toEqual(['Overview']);
    expect(chunks.find((c) => c.kind === 'footnote')?.text).toBe('Footnote 1: Source one, "Title," 2019.');
    expect(chunks.some((c) => /PULL QUOTE/i.test(c.text) || c.section.some((s) => /pull quote/i.test(s)))).toBe(false);
    expect(chunks.find((c) => c.text.includes('Drills were held'))?.section).toEqual(['Overview', 'Exercises']);
    const rows = chunks.filter((c) => c.kind === 'table-row');
    expect(rows).toHaveLength(1);
    expect(rows[0].row).toMatchObject({ appendix: 1, country: 'Kazakhstan', columns: ['Kazakhstan', 'China', 'Date'], cells: ['Border Guards', 'Border Guards', 'August 2006'], date: { year: 2006, month: 8 } });
    expect(chunks.find((c) => /Turkmenistan: No public information/.test(c.text))?.kind).toBe('prose');
  });

  it('rejects unsupported, empty and missing files with an IngestError', async () => {
    await expect(loadDocument(join(dir, 'slides.pptx'))).rejects.toThrow(IngestError);
    await expect(loadDocument(join(dir, 'slides.pptx'))).rejects.toThrow(/supported: \.md.*\.txt.*\.pdf|supported: .*\.pdf/);
    await expect(loadDocument(join(dir, 'empty.md'))).rejects.toThrow(IngestError);
    await expect(loadDocument(join(dir, 'missing.txt'))).rejects.toThrow(IngestError);
  });
});
