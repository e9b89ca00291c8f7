import { describe, expect, it } from 'vitest';
import {
  answerMatches,
  bestTokenF1,
  containsPassage,
  containsWholeWords,
  covers,
  exactMatch,
  isCorrect,
  normalizeAnswer,
  percentile,
  scoreCitations,
  scoreRetrieval,
  stripCitationMarkers,
  tokenF1,
} from '../../src/eval/metrics.js';

describe('normalizeAnswer', () => {
  it('folds case, punctuation, whitespace, articles and thousands separators', () => {
    expect(normalizeAnswer('  The  1,075 Border-Guards! ')).toBe('1075 border guards');
    expect(normalizeAnswer('1,000,000')).toBe('1000000');
  });
  it('keeps decimal points between digits and drops apostrophes inside words', () => {
    expect(normalizeAnswer('$50.2 billion')).toBe('50.2 billion');
    expect(normalizeAnswer("Jing'an")).toBe(normalizeAnswer('Jingan'));
    expect(normalizeAnswer("Ust'-Kamenogorsk")).toBe(normalizeAnswer('Ust-Kamenogorsk'));
  });
  it('removes footnote markup and folds accents', () => {
    expect(normalizeAnswer('Tashkent<sup>66</sup> Café')).toBe('tashkent cafe');
  });
});

describe('stripCitationMarkers', () => {
  it('removes [n], [1, 2] and [1][2] markers', () => {
    expect(stripCitationMarkers('Urumqi [1] and Jizzakh [2, 3][4].')).toBe('Urumqi and Jizzakh.');
  });
});

describe('whole-word matching', () => {
  it('does not match "10" inside "2010"', () => {
    expect(containsWholeWords('The exercise took place in 2010.', '10')).toBe(false);
    expect(containsWholeWords('It lasted 10 days.', '10')).toBe(true);
  });
  it('matches across thousands separators and citation markers', () => {
    expect(containsWholeWords('About 1,075 personnel [1] took part.', '1075')).toBe(true);
    expect(containsWholeWords('About 1075 personnel took part.', '1,075')).toBe(true);
  });
  it('does not match a word inside a longer word', () => {
    expect(containsWholeWords('Tajikistan hosted it.', 'Tajik')).toBe(false);
  });
});

describe('answerMatches', () => {
  it('any: one alias is enough', () => {
    expect(answerMatches('The Regional Anti-Terrorism Structure', ['RATS', 'Regional Anti-Terrorism Structure'])).toBe(true);
  });
  it('all: every alias must appear', () => {
    expect(answerMatches('Kyrgyzstan and Tajikistan [1]', ['Kyrgyzstan', 'Tajikistan'], 'all')).toBe(true);
    expect(answerMatches('Kyrgyzstan only', ['Kyrgyzstan', 'Tajikistan'], 'all')).toBe(false);
    expect(answerMatches('Kyrgyzstan only', ['Kyrgyzstan', 'Tajikistan'], 'any')).toBe(true);
  });
  it('never matches with no aliases', () => {
    expect(answerMatches('anything', [])).toBe(false);
  });
});

describe('exact match and token F1', () => {
  it('exact match ignores case, punctuation and markers', () => {
    expect(exactMatch('Badakhshan. [1]', ['badakhshan'])).toBe(true);
    expect(exactMatch('In Badakhshan', ['Badakhshan'])).toBe(false);
  });
  it('token F1 is SQuAD-style', () => {
    expect(tokenF1('Qiannan Special Police Force', 'Qiannan Special Police Force')).toBe(1);
    expect(tokenF1('Qiannan police', 'Qiannan Special Police Force')).toBeCloseTo((2 * 1 * 0.5) / 1.5);
    expect(tokenF1('Urumqi', 'Badakhshan')).toBe(0);
    expect(bestTokenF1('Ust-Kamenogorsk', ['Oskemen', "Ust'-Kamenogorsk"])).toBe(1);
  });
});

describe('abstention scoring (SQuAD 2.0)', () => {
  it('an unanswerable question is correct only when the system abstains', () => {
    expect(isCorrect({ answer: 'The report does not cover this.', abstained: true, aliases: [], match: 'any' })).toBe(true);
    expect(isCorrect({ answer: 'Some confident guess', abstained: false, aliases: [], match: 'any' })).toBe(false);
  });
  it('an answerable question that abstains is wrong even if the text mentions the answer', () => {
    expect(isCorrect({ answer: 'Not covered; nearest material: Tashkent', abstained: true, aliases: ['Tashkent'], match: 'any' })).toBe(false);
    expect(isCorrect({ answer: 'Tashkent [1]', abstained: false, aliases: ['Tashkent'], match: 'any' })).toBe(true);
  });
});

describe('evidence coverage', () => {
  const evidence = 'The PRC-Kyrgyz exercise was conducted in Urumqi';
  it('a chunk containing the passage (modulo markup) covers it', () => {
    expect(covers('… The PRC-Kyrgyz exercise was conducted in **Urumqi**,<sup>86</sup> focused on …', evidence)).toBe(true);
    expect(containsPassage('Location: Badakhshan; Size', 'Badakhshan')).toBe(true);
  });
  it('a truncated quote covering most content words still covers a long passage', () => {
    const long = 'the Kyrgyz Supreme Court labelled three Uyghur independence movements as terrorist groups';
    expect(covers('the Kyrgyz Supreme Court labelled three Uyghur independence movements…', long)).toBe(true);
  });
  it('short evidence must occur verbatim: shared common words are not enough', () => {
    expect(covers('China discussed anti-terrorism and sentiment in general.', 'Anti-China sentiment')).toBe(false);
  });
});

describe('scoreCitations', () => {
  const evidence = ['Established in 2004, the Regional Anti-Terrorism Structure (RATS) is based in Tashkent'];
  it('support when some quote covers the evidence; precision is the share of relevant quotes', () => {
    const s = scoreCitations(['Established in 2004, the Regional Anti-Terrorism Structure (RATS) is based in Tashkent, Uzbekistan.', 'The Lianyungang Forum was established in 2015.'], evidence);
    expect(s.support).toBe(true);
    expect(s.fullSupport).toBe(true);
    expect(s.precision).toBe(0.5);
  });
  it('no support without a covering quote; n/a without evidence', () => {
    expect(scoreCitations(['The Lianyungang Forum was established in 2015.'], evidence).support).toBe(false);
    expect(scoreCitations(['anything'], undefined).support).toBeNull();
    expect(scoreCitations([], evidence).precision).toBeNull();
  });
});

describe('scoreRetrieval', () => {
  it('computes recall@k and reciprocal rank of the first chunk holding evidence', () => {
    const chunks = ['about Xiamen', 'nothing', 'Location: Badakhshan; Size: 414', 'Jizzakh'];
    const s = scoreRetrieval(chunks, ['Badakhshan', 'Jizzakh', 'Otar'], [1, 5])!;
    expect(s.firstRank).toBe(3);
    expect(s.reciprocalRank).toBeCloseTo(1 / 3);
    expect(s.recall[1]).toBe(0);
    expect(s.recall[5]).toBeCloseTo(2 / 3);
    expect(scoreRetrieval(chunks, [])).toBeNull();
  });
});

describe('percentile', () => {
  it('interpolates linearly', () => {
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5);
    expect(percentile([], 50)).toBeNaN();
  });
});
