import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../ingest/chunk/chunk-document.js';
import type { SourceDocument } from '../../ingest/load/source-document.js';
import { reportText } from './corpus.js';

const COUNTRIES = ['KYRGYZSTAN', 'KAZAKHSTAN', 'UZBEKISTAN', 'TAJIKISTAN', 'TURKMENISTAN'];

/**
 * Expected rows per appendix, counted straight from the markdown (not via the
 * parser): tab-separated lines between `## APPENDIX N` and the next heading,
 * minus country/column header lines and "No public information" lines.
 * Appendix 6 is transposed: one program per column after the first.
 */
function expectedRows(text: string): { total: Map<number, number>; byCountry: Map<string, number> } {
  const total = new Map<number, number>();
  const byCountry = new Map<string, number>();
  let appendix = 0;
  let country = '';
  for (const rawLine of text.split('\n')) {
    const heading = /^#+\s+(.*)$/.exec(rawLine);
    if (heading) {
      const m = /^APPENDIX (\d+)/.exec(heading[1]);
      appendix = m ? Number(m[1]) : 0;
      country = '';
      continue;
    }
    if (appendix === 0 || !rawLine.includes('\t')) continue;
    const cells = rawLine.replace(/<\/?b>/g, '').split('\t');
    const first = cells[0].trim().toUpperCase();
    if (rawLine.includes('No public information available')) continue;
    if (appendix === 6) {
      total.set(6, Math.max(total.get(6) ?? 0, cells.length - 1));
      continue;
    }
    const blockCountry = COUNTRIES.find((c) => first === c || first === `${c}-CHINA`);
    if (blockCountry) {
      country = blockCountry;
      continue;
    }
    if (first === 'DATE') continue;
    total.set(appendix, (total.get(appendix) ?? 0) + 1);
    const key = `${appendix}:${country}`;
    byCountry.set(key, (byCountry.get(key) ?? 0) + 1);
  }
  return { total, byCountry };
}

describe('appendix tables', () => {
  const text = reportText();
  const doc: SourceDocument = { id: 'report', source: 'report.md', format: 'markdown', text, pages: [] };
  const rows = chunkDocument(doc).filter((c) => c.kind === 'table-row');
  const expected = expectedRows(text);

  it('parses every data row of each of the six appendices', () => {
    for (let n = 1; n <= 6; n++) {
      const parsed = rows.filter((c) => c.row?.appendix === n).length;
      expect(parsed, `appendix ${n}`).toBe(expected.total.get(n));
      expect(parsed).toBeGreaterThan(0);
    }
    expect(rows.every((c) => c.row !== undefined)).toBe(true);
  });

  it('assigns rows to the right country block in appendices 1, 3 and 5', () => {
    for (const n of [1, 3, 5]) {
      for (const country of COUNTRIES) {
        const name = country.charAt(0) + country.slice(1).toLowerCase();
        const parsed = rows.filter((c) => c.row?.appendix === n && c.row.country === name).length;
        expect(parsed, `appendix ${n} ${name}`).toBe(expected.byCountry.get(`${n}:${country}`) ?? 0);
      }
    }
    // Turkmenistan has no bilateral exercises on record in appendix 3.
    expect(rows.filter((c) => c.row?.appendix === 3 && c.row.country === 'Turkmenistan')).toHaveLength(0);
  });

  it('never turns header, contents or "no information" lines into rows', () => {
    for (const chunk of rows) {
      const row = chunk.row!;
      expect(row.cells.map((c) => c.toUpperCase())).not.toContain('DATE');
      expect(row.cells.join(' ')).not.toMatch(/No public information/i);
    }
    expect(rows.some((c) => /EXECUTIVE SUMMARY/.test(c.text))).toBe(false);
  });

  it('keeps an empty participating-states cell empty and has no country for appendices 2 and 6', () => {
    const a2 = rows.filter((c) => c.row?.appendix === 2).map((c) => c.row!);
    expect(a2.every((r) => r.country === null)).toBe(true);
    const chebarkul = a2.find((r) => r.cells.includes('Chebarkul, Russia'))!;
    expect(chebarkul.cells[r(chebarkul.columns, 'Participating states')]).toBe('');
    expect(chebarkul.date).toEqual({ year: 2018 });
  });

  it('makes one record per program (column) of the transposed appendix 6', () => {
    const a6 = rows.filter((c) => c.row?.appendix === 6);
    expect(a6.map((c) => c.row!.columns)).toEqual(Array(3).fill(['Topics', 'Delegated trainer', 'Training specifics', 'Field visits']));
    expect(a6.map((c) => c.row!.cells[0])).toEqual(['Criminal investigation technologies', 'Cyber security', 'Anti-drug']);
    expect(a6[2].text).toContain('Criminal Investigation Police University of China');
  });

  it('parses dates, including misspelt months', () => {
    const dates = rows.filter((c) => c.row?.appendix === 5 && c.row.country === 'Tajikistan').map((c) => c.row!.date);
    expect(dates).toContainEqual({ year: 2019, month: 2 }); // "Feburary 2019"
    expect(dates).toContainEqual({ year: 2014, month: 1 }); // "Janurary 2014"
  });

  it('keeps "no public information" for Turkmenistan retrievable as prose', () => {
    const chunks = chunkDocument(doc).filter((c) => c.kind === 'prose' && /No public information/.test(c.text));
    expect(chunks.map((c) => c.text).join('\n')).toMatch(/Appendix 3 — .*Turkmenistan: No public information available/);
  });
});

function r(columns: string[], name: string): number {
  const index = columns.indexOf(name);
  expect(index).toBeGreaterThanOrEqual(0);
  return index;
}
