import { describe, expect, it } from 'vitest';
import { checkCitations, createCitationChecker } from '../../src/answer/citation-check.js';
import { SOURCES } from './helpers.js';

describe('checkCitations', () => {
  it('drops a citation of a source that was not given ([7] of 5) and keeps the rest', () => {
    const checked = checkCitations('The exercise was held in Badakhshan [1][7]. The SCO was founded in 2001 [7].', SOURCES);
    expect(checked.removed).toEqual([7, 7]);
    expect(checked.answer).not.toMatch(/\[7\]/);
    expect(checked.answer).toBe('The exercise was held in Badakhshan [1]. The SCO was founded in 2001.');
    expect(checked.citations.map((c) => c.chunkId)).toEqual(['report#prose-1']);
    // The sentence left without a source still states a number: it is unsupported.
    expect(checked.unsupported).toEqual(['The SCO was founded in 2001.']);
  });

  it('renumbers the sources used in order of first use, with verbatim quotes of the sentence that supports the claim', () => {
    const checked = checkCitations('Tajikistan conducted at least 53 meetings [2]. About 1,200 personnel took part in the 2019 exercise [1].', SOURCES);
    expect(checked.answer).toBe('Tajikistan conducted at least 53 meetings [1]. About 1,200 personnel took part in the 2019 exercise [2].');
    expect(checked.citations.map((c) => [c.n, c.chunkId])).toEqual([
      [1, 'report#prose-2'],
      [2, 'report#prose-1'],
    ]);
    for (const c of checked.citations) expect(SOURCES.find((s) => s.id === c.chunkId)!.text).toContain(c.quote);
    expect(checked.citations[0].quote).toBe('The PRC and Tajikistan conducted at least fifty-three.');
    expect(checked.citations[1].quote).toBe('Some 1,200 personnel took part, 580 of them Chinese.');
    expect(checked.unsupported).toEqual([]);
  });

  it('flags a number or month the cited source does not contain', () => {
    const wrongNumber = checkCitations('Some 1,500 personnel took part [1].', SOURCES);
    expect(wrongNumber.unsupported).toEqual(['Some 1,500 personnel took part.']);
    const wrongMonth = checkCitations('The exercise took place in May 2019 [1].', SOURCES);
    expect(wrongMonth.unsupported).toHaveLength(1);
    const rightSourceWrongCitation = checkCitations('The border posts were finished in 2016 [5].', SOURCES);
    expect(rightSourceWrongCitation.unsupported).toHaveLength(1);
    expect(checkCitations('The border posts were finished in 2016 [4].', SOURCES).unsupported).toEqual([]);
  });

  it('reads "[1, 3]" and markers placed after the full stop', () => {
    const checked = checkCitations('Exercises were held in Badakhshan in 2016 and 2019 [1, 3]. The posts were built on the Tajikistan-Afghanistan border. [4] Done.', SOURCES);
    expect(checked.citations.map((c) => c.chunkId)).toEqual(['report#prose-1', 'report#table-row-3', 'report#prose-4']);
    expect(checked.unsupported).toEqual([]);
    expect(checked.citations[1].quote).toBe(SOURCES[2].text);
  });

  it('streams: pieces of text in, checked sentences out, joined equal to the whole result', () => {
    const reply = 'The exercise was held in Badakhshan [1][9]. Some 1,200 personnel took part [1]. The posts were finished in 2016 [4].';
    const checker = createCitationChecker(SOURCES);
    const out: string[] = [];
    for (let i = 0; i < reply.length; i += 3) {
      const piece = checker.push(reply.slice(i, i + 3));
      if (piece) out.push(piece);
    }
    const { text, result } = checker.finish();
    if (text) out.push(text);
    expect(out.length).toBeGreaterThanOrEqual(3);
    expect(out.join('')).toBe(result.answer);
    expect(result.answer).toBe(checkCitations(reply, SOURCES).answer);
    expect(result.removed).toEqual([9]);
  });
});
