import { beforeAll, describe, expect, it } from 'vitest';
import type { AskService } from '../../src/ask/ask-service.js';
import { questionParts } from '../../src/answer/question-parts.js';
import { getTestServices } from '../helpers/test-index.js';

describe('questionParts', () => {
  it('splits at the "and" that starts a second question, carrying names and years into a part that points back', () => {
    expect(questionParts('When was the Basin Authority created, and where is it based?')).toEqual({
      first: 'When was the Basin Authority created?',
      second: 'where is it based (Basin, Authority)?',
    });
    expect(questionParts('How many troops took part in the 2018 exercise and to which town did they travel?')).toEqual({
      first: 'How many troops took part in the 2018 exercise?',
      second: 'to which town did they travel (2018)?',
    });
  });

  it('splits one question asked of two things with a repeated preposition', () => {
    expect(questionParts('How many licences were issued for farms and for towns?')).toEqual({
      first: 'How many licences were issued for farms?',
      second: 'How many licences were issued for towns?',
    });
  });

  it('leaves one-part questions and plain lists alone', () => {
    expect(questionParts('Which countries signed the treaty?')).toBeUndefined();
    expect(questionParts('What did Kazakhstan and Kyrgyzstan agree?')).toBeUndefined();
    expect(questionParts('Who and why?')).toBeUndefined();
  });
});

/** A second retrieval round for the part the first evidence does not cover (real index of the bundled report). */
describe('two-part questions', () => {
  let ask: AskService;
  beforeAll(async () => {
    ask = (await getTestServices()).services.ask;
  }, 120_000);

  it('answers the second part from its own retrieval round, each part cited', async () => {
    const r = await ask.ask({ question: 'When did RATS create its database, and what does the structure recommend based on it?' });
    expect(r.abstained).toBe(false);
    expect(r.answer).toMatch(/October 2004/);
    expect(r.answer).toMatch(/wanted orders/);
    expect(r.citations.length).toBeGreaterThanOrEqual(2);
  });
});
