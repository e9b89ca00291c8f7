import { describe, expect, it } from 'vitest';
import { generateQuestions, isBlind, isHeldOut, readSourceTables } from '../../src/eval/generate-questions.js';

const DOC = [
  '## Annex 1. Joint river drills between the provinces from 2010 to 2020',
  '',
  'NORTH-CAPITAL\tCAPITAL\tDATE\tLOCATION\tSIZE (IN PERSONNEL)',
  'Rangers\tRiver Police\tMay 2019\tLake Ost\t300',
  'Rangers\tRiver Police\tFeburary 2015\tBorder\t1200 (400 observers)',
  'Rangers\tCoast Guard\t2011\tLake Ost\tUnknown',
  'SOUTH-CAPITAL\tCAPITAL\tDATE\tLOCATION\tSIZE (IN PERSONNEL)',
  'Coast Guard\tRiver Police\tAugust 2019\tPort Vell\t450',
  'Coast Guard\tRangers\tOctober 2016\tBorder\t90',
  'EAST-CAPITAL\tNo public information available',
  '',
  'Table 2: Reservoirs',
  '',
  '| Reservoir | Capacity | Opened |',
  '|---|---|---|',
  '| Lake Ost | 410 | 1964 |',
  '| Fenwick | 95 | |',
  '| Harrow | 230 | 2003 |',
  '| Marl | 230 | 1931 |',
].join('\n');

describe('generated table questions', () => {
  it('reads blocks, notes and pipe tables from the source lines by itself', () => {
    const [drills, reservoirs] = readSourceTables(DOC);
    expect(drills.label).toBe('Annex 1');
    expect(drills.rows.map((r) => [r.line, r.group])).toEqual([
      [4, 'NORTH-CAPITAL'],
      [5, 'NORTH-CAPITAL'],
      [6, 'NORTH-CAPITAL'],
      [8, 'SOUTH-CAPITAL'],
      [9, 'SOUTH-CAPITAL'],
    ]);
    expect(reservoirs.label).toBe('Table 2');
    expect(reservoirs.header).toEqual(['Reservoir', 'Capacity', 'Opened']);
    expect(reservoirs.rows).toHaveLength(4);
  });

  it('computes gold from the rows: counts per group without the shared label word, ties, gaps', () => {
    const qs = generateQuestions('doc', DOC);
    const count = qs.find((q) => q.question === 'How many joint river drills with North are listed?');
    expect(count?.gold).toEqual({ kind: 'count', value: 3 });
    const largest = qs.find((q) => q.operation === 'largest' && !q.question.includes(' with '));
    expect(largest?.gold).toEqual({ kind: 'rows', lines: [5] });
    const unknownSize = qs.find((q) => q.question === 'How many joint river drills have an unknown size?');
    expect(unknownSize?.gold).toEqual({ kind: 'count', value: 1 });
    const smallest = qs.find((q) => q.operation === 'smallest' && q.question.includes('capacity'));
    expect(smallest?.gold).toEqual({ kind: 'rows', lines: [17] });
    const tie = qs.find((q) => q.operation === 'largest' && q.question.includes('capacity'));
    expect(tie?.gold).toEqual({ kind: 'rows', lines: [16] });
  });

  it('uses at least five phrasings per operation and holds half of them out, a quarter blind', () => {
    const qs = generateQuestions('doc', DOC);
    const byOperation = new Map<string, Set<string>>();
    for (const q of qs) byOperation.set(q.operation, (byOperation.get(q.operation) ?? new Set()).add(`${q.id.split(':')[2]}:${q.phrasing}`));
    for (const [op, phrasings] of byOperation) expect(phrasings.size, op).toBeGreaterThanOrEqual(5);
    expect([...Array(12).keys()].filter(isHeldOut)).toEqual([6, 7, 8, 9, 10, 11]);
    expect([...Array(12).keys()].filter(isBlind)).toEqual([9, 10, 11]);
    expect(qs.every((q) => q.heldOut === isHeldOut(q.phrasing) && q.blind === isBlind(q.phrasing))).toBe(true);
  });
});
