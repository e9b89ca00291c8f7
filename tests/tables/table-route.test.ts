import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { Chunk } from '../../src/core/types.js';
import { askOk } from '../helpers/ask-app.js';
import { getTestServices } from '../helpers/test-index.js';
import { sourceRows } from './source-rows.js';

let app: FastifyInstance;
let byId: Map<string, Chunk>;

beforeAll(async () => {
  const { services, index } = await getTestServices();
  byId = new Map(index.chunks.map((c) => [c.id, c]));
  app = await buildApp({ services });
});
afterAll(() => app.close());

const ask = (question: string) => askOk(app, question);

describe('table questions through POST /api/ask (the ask service routes them to the table engine)', () => {
  it('counts bilateral exercises with Tajikistan, citing every row verbatim', async () => {
    const expected = sourceRows().filter((r) => r.appendix === 3 && r.country === 'Tajikistan');
    const body = await ask('How many bilateral exercises did China hold with Tajikistan?');
    expect(body.mode).toBe('table');
    expect(body.abstained).toBe(false);
    expect(body.answer).toMatch(new RegExp(`^Appendix 3 lists ${expected.length} rows`));
    expect(body.table.appendix).toBe(3);
    expect(body.table.rows).toHaveLength(expected.length);
    expect(body.table.query).toMatchObject({ operation: 'count' });
    expect(body.table.sql).toMatch(/^SELECT COUNT\(\*\)/);
    const rowCitations = body.citations.filter((c: { kind: string }) => c.kind === 'table-row');
    expect(rowCitations).toHaveLength(expected.length);
    for (const c of body.citations) {
      expect(body.answer).toContain(`[${c.n}]`);
      expect(byId.get(c.chunkId)!.text).toContain(c.quote);
    }
    for (const r of expected) expect(rowCitations.some((c: { quote: string }) => c.quote.includes(r.cells[3]))).toBe(true);
  });

  it('states the prose figure beside the table count when they differ', async () => {
    const rows = sourceRows().filter((r) => r.appendix === 1 && r.country === 'Kyrgyzstan').length;
    const body = await ask('How many security-related meetings did China hold with Kyrgyzstan?');
    expect(body.mode).toBe('table');
    expect(body.answer).toContain(`lists ${rows} rows`);
    const prose = body.citations.filter((c: { kind: string }) => c.kind === 'prose');
    expect(prose).toHaveLength(1);
    expect(prose[0].quote).toMatch(/Kyrgyzstan[^;]*\b\d+\b[^;]*meetings/);
  });

  it('says what was searched when the filter finds nothing, citing the table note', async () => {
    const body = await ask('How many bilateral exercises did China hold with Turkmenistan?');
    expect(body.mode).toBe('table');
    expect(body.answer).toMatch(/has no rows where/);
    expect(body.answer).toMatch(/searched all \d+ rows of Appendix 3/);
    expect(body.citations.some((c: { quote: string }) => /No public information/.test(c.quote))).toBe(true);
  });

  it('answers when Kyrgyzstan’s interior ministry last met China’s Minister of Public Security', async () => {
    const body = await ask("When did Kyrgyzstan's interior ministry last meet China's Minister of Public Security?");
    expect(body.mode).toBe('table');
    expect(body.answer).toMatch(/is May 2019/);
    expect(body.citations).toHaveLength(1);
    expect(byId.get(body.citations[0].chunkId)!.text).toMatch(/Minister of Public Security/);
  });

  it.each(['What are the three evils?', 'Why did the PRC lobby Central Asian states to criminalize Uyghur groups?', 'What is the most difficult operational obstacle?'])(
    'leaves %s to retrieval',
    async (question) => {
      const body = await ask(question);
      expect(body.mode).not.toBe('table');
      expect(body.table).toBeUndefined();
    },
  );

  it.each(["How many exercises did China hold with Tajikistan'; DROP TABLE t3; --?", 'How many meetings " OR 1=1 --', `How many meetings ${'x'.repeat(3000)}`])(
    'treats a hostile question as text: %#',
    async (question) => {
      const res = await app.inject({ method: 'POST', url: '/api/ask', payload: { question } });
      // Answered as text, or refused with a message: never a server error.
      expect([200, 400]).toContain(res.statusCode);
      if (res.statusCode === 400) expect(res.json().message).toBeTruthy();
      const after = await ask('How many bilateral exercises did China hold with Tajikistan?');
      expect(after.mode).toBe('table');
    },
  );
});
