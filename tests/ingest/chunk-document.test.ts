import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../ingest/chunk/chunk-document.js';
import type { SourceDocument } from '../../ingest/load/source-document.js';
import type { Chunk } from '../../src/core/types.js';
import { reportText } from './corpus.js';

const text = reportText();
const doc: SourceDocument = { id: 'report', source: 'report.md', format: 'markdown', text, pages: [] };
const chunks = chunkDocument(doc);
const find = (needle: string, kind?: Chunk['kind']): Chunk => {
  const hit = chunks.find((c) => c.text.includes(needle) && (!kind || c.kind === kind));
  if (!hit) throw new Error(`no ${kind ?? ''} chunk contains "${needle}"`);
  return hit;
};
const alnum = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

describe('chunkDocument on the bundled report', () => {
  it('labels a table-row chunk with its appendix, country and headers', () => {
    const chunk = find('Badakhshan', 'table-row');
    const row = chunk.row!;
    expect(chunk.kind).toBe('table-row');
    expect(row.appendix).toBe(3);
    expect(row.country).toBe('Tajikistan');
    expect(row.columns).toEqual(expect.arrayContaining(['Location', 'Agenda', 'Date']));
    expect(row.cells).toContain('August 2019');
    expect(row.date).toEqual({ year: 2019, month: 8 });
    for (const word of ['Appendix 3', 'Tajikistan', 'Badakhshan', '1200', 'Location: Badakhshan', 'Agenda:']) expect(chunk.text).toContain(word);
    expect(text.split('\n')[row.line - 1]).toContain('Badakhshan');
    expect(text.slice(chunk.span[0], chunk.span[1])).toBe(text.split('\n')[row.line - 1]);
    expect(chunk.section).toEqual(['Appendix', `Appendix 3. ${row.title}`]);
  });

  it('files passages under their heading path', () => {
    expect(find('3,000-kilometer border').section).toEqual(['Introduction']);
    expect(find('Eleven years after the first bilateral exercise').section).toEqual(['Bilateral Security Activities', 'Bilateral Security Exercises']);
    expect(find('Established in 2004, the Regional Anti-Terrorism Structure').section).toEqual(['Multilateral Security Activities', 'Enforcement Cooperation']);
  });

  it('treats all-caps pull quotes as part of the current section, not as sections', () => {
    // The paragraph after "## HAVING GAINED A REGIONAL CONSENSUS ..." stays in Security Interests.
    expect(find('the PRC for the first time introduced anti-terrorism terms in 1998').section).toEqual(['Security Interests']);
    // After "## BEFORE SCO'S ESTABLISHMENT ..." the body is still in the exercises subsection.
    expect(find('joint border guards inspect the military forces').section).toEqual(['Multilateral Security Activities', 'Multilateral Security and Cyber Security Exercises']);
    const sections = new Set(chunks.flatMap((c) => c.section));
    expect([...sections].some((s) => /HAVING GAINED|Having Gained|MEETINGS BETWEEN/.test(s))).toBe(false);
    expect([...sections].some((s) => /[\u4e00-\u9fff\u0400-\u04ff]/.test(s))).toBe(false); // the photographed sign
  });

  it('recognises footnotes, including ones without a space after the number', () => {
    const giglio = find('Giglio, Davide', 'footnote');
    expect(giglio.text).toMatch(/^Footnote 12: Giglio/);
    expect(find('宗教极端主义', 'footnote').text).toMatch(/^Footnote 6: /);
    expect(giglio.section).toEqual(['Security Interests']);
    // "2002), Secretaries of Security Councils" is a page-break continuation, not footnote 2002.
    expect(find('Secretaries of Security Councils (annually since 2004)').kind).toBe('prose');
  });

  it('recognises photo captions', () => {
    expect(find('REUTERS/Didor Sadulloev').kind).toBe('caption');
    expect(find('Chinese border post between Kyrgyzstan and China').kind).toBe('caption');
    expect(find('(kremlin.ru)').kind).toBe('caption');
  });

  it('joins paragraphs broken by a page break', () => {
    expect(find('Kyrgyzstan and Tajikistan are the two most responsive countries towards welcoming these initiatives').kind).toBe('prose');
    expect(find('the Eastern Turkistan Liberation Organization, and the East Turkestan Islamic Movement').kind).toBe('prose');
  });

  it('produces clean, bounded chunks with exact spans', () => {
    for (const chunk of chunks) {
      expect(chunk.text.trim()).not.toBe('');
      expect(chunk.text.length).toBeLessThanOrEqual(2500);
      expect(chunk.text).not.toMatch(/<sup>|\*\*|\]\(|<\/?b>/);
      expect(chunk.span[0]).toBeLessThan(chunk.span[1]);
      expect(chunk.id).toMatch(new RegExp(`^report#${chunk.kind}-\\d+$`));
      const source = alnum(text.slice(chunk.span[0], chunk.span[1]));
      if (chunk.kind === 'footnote') {
        expect(source).toContain(alnum(chunk.text.replace(/^Footnote \d+: /, '')).slice(0, 40));
      } else if (chunk.kind !== 'table-row' && chunk.kind !== 'front-matter' && !/^Appendix \d+ —/.test(chunk.text)) {
        // The span starts exactly where the cleaned text starts and ends where it ends.
        expect(source.startsWith(alnum(chunk.text).slice(0, 40))).toBe(true);
        const lastParagraph = alnum(chunk.text.split('\n\n').at(-1)!);
        expect(source.endsWith(lastParagraph.slice(-40))).toBe(true);
      }
    }
    const prose = chunks.filter((c) => c.kind === 'prose').map((c) => c.text.split(/\s+/).length);
    expect(Math.max(...prose)).toBeLessThanOrEqual(400);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  });

  it('writes one document card: title, author, publisher, date and each appendix caption, one paragraph each', () => {
    const cards = chunks.filter((c) => c.kind === 'front-matter');
    expect(cards).toHaveLength(1);
    const paragraphs = cards[0].text.split('\n\n');
    expect(paragraphs.slice(0, 4)).toEqual([
      "Title: China's Security Management Towards Central Asia.",
      'Author: Niva Yau.',
      'Publisher: Foreign Policy Research Institute.',
      'Date: April 2022.',
    ]);
    expect(paragraphs).toContain('Appendix 3: Bilateral joint security exercise between China and Central Asian states from 2002 to 2020.');
    expect(paragraphs.filter((p) => p.startsWith('Appendix '))).toHaveLength(6);
    expect(cards[0].section).toEqual(['Front Matter']);
  });

  it('keeps ids stable across runs', () => {
    expect(chunkDocument(doc).map((c) => `${c.id}:${c.span.join('-')}`)).toEqual(chunks.map((c) => `${c.id}:${c.span.join('-')}`));
  });

  it('does not make chunks of the contents page', () => {
    expect(chunks.some((c) => /EXECUTIVE SUMMARY\s+2/.test(c.text) || c.section[0] === 'Contents')).toBe(false);
  });
});
