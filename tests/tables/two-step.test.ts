import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { chunkDocumentWithTables } from '../../ingest/chunk/chunk-document.js';
import { loadDocument } from '../../ingest/load/load-document.js';
import type { Chunk } from '../../src/core/types.js';
import type { LoadedIndex } from '../../src/retrieval/load-index.js';
import { buildApp } from '../../src/server/app.js';
import { createTableEngine, type TableEngine } from '../../src/tables/table-engine.js';
import { askOk } from '../helpers/ask-app.js';
import { getTestServices } from '../helpers/test-index.js';

/** The second fixture document, ingested for real (no embedding needed for the table engine). */
let engine: TableEngine;
let chunks: Chunk[];
beforeAll(async () => {
  const doc = await loadDocument('tests/fixtures/serra-basin-brief.md');
  const parsed = chunkDocumentWithTables(doc);
  chunks = parsed.chunks;
  engine = createTableEngine({ index: { current: { chunks: parsed.chunks, tables: parsed.tables } as unknown as LoadedIndex } });
});
const passagesWith = (text: string) => chunks.filter((c) => c.kind === 'prose' && c.text.includes(text));

describe('two-step lookups: a passage identifies the row, the row has the detail (second fixture document)', () => {
  it('finds the operator of the gauge a summary sentence names, citing the sentence and the row verbatim', () => {
    const answer = engine.fromEvidence!('Who operates the gauge where the river stopped flowing for 19 days?', passagesWith('19 days'));
    expect(answer).not.toBeNull();
    expect(answer!.mode).toBe('table');
    expect(answer!.answer).toMatch(/^Operator: National Hydrological Service\./);
    expect(answer!.citations.map((c) => c.kind)).toEqual(['prose', 'table-row']);
    for (const c of answer!.citations) expect(chunks.find((x) => x.id === c.chunkId)!.text).toContain(c.quote);
    expect(answer!.citations[0].quote).toMatch(/19 days/);
    expect(answer!.citations[1].quote).toMatch(/Station: Castell/);
  });

  it('declines when the passage names no row of the table the question is about', () => {
    expect(engine.fromEvidence!('Who operates the gauge where the river stopped flowing for 19 days?', passagesWith('Rainfall in the upper basin'))).toBeNull();
  });

  it('declines when the question asks for no column of any table', () => {
    expect(engine.fromEvidence!('Why did the river stop flowing for 19 days?', passagesWith('19 days'))).toBeNull();
  });
});

describe('two-step lookups over POST /api/ask (bundled report)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const { services } = await getTestServices();
    app = await buildApp({ services });
    return () => app.close();
  });

  it('answers where a first exercise the prose dates took place from its table row, citing both', async () => {
    const body = await askOk(app, 'Where and in which year did China and Uzbekistan hold their first bilateral military exercise?');
    expect(body.mode).toBe('table');
    expect(body.answer).toMatch(/^Location: Jizzakh\./);
    expect(body.answer).toContain('2019');
    expect(body.citations.map((c: { kind: string }) => c.kind)).toEqual(['prose', 'table-row']);
    expect(body.citations[0].quote).toMatch(/2019.*Uzbekistan.*first bilateral/);
  });

  it('does not take a row of another party the same passage names', async () => {
    const body = await askOk(app, 'Where did China and Uzbekistan hold their first bilateral military exercise?');
    expect(body.answer).not.toMatch(/^Location: (?!Jizzakh)/);
  });
});
