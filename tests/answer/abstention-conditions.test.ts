import { beforeAll, describe, expect, it } from 'vitest';
import type { AskService } from '../../src/ask/ask-service.js';
import { getTestServices } from '../helpers/test-index.js';

/** Evidence must meet the question's conditions (real index of the bundled report). */
describe('abstention respects the question', () => {
  let ask: AskService;
  beforeAll(async () => {
    ask = (await getTestServices()).services.ask;
  }, 120_000);

  it('answers the plain question but not one whose number the report never gives', async () => {
    const plain = await ask.ask({ question: 'How many drug traffickers were arrested in the November 2014 joint operation?' });
    expect(plain.abstained).toBe(false);
    expect(plain.answer).toMatch(/\b38\b/);
    const changed = await ask.ask({ question: 'How many drug traffickers were arrested in the joint operation of 9,000 border officials?' });
    expect(changed.abstained).toBe(true);
    expect(changed.answer).toMatch(/does not say this for 9000/);
  });

  it('says the report does not say so when a yes/no question rests on something it never mentions', async () => {
    const r = await ask.ask({ question: 'Is there a Chinese naval fleet stationed in Kazakhstan?' });
    expect(r.abstained).toBe(true);
    expect(r.answer).toMatch(/^The report does not say/);
  });

  it('treats an ordinal as a condition: the second of something does not answer a question about the third', async () => {
    const second = await ask.ask({ question: 'When was the second joint SCO army training held?' });
    expect(second.abstained).toBe(false);
    expect(second.answer).toMatch(/December 2016/);
    const third = await ask.ask({ question: 'When was the third joint SCO army training held?' });
    expect(third.abstained).toBe(true);
    expect(third.answer).toMatch(/does not say this for the third one/);
  });

  it('wants a name for "who was …": a row that only repeats the asked role does not give one', async () => {
    const named = await ask.ask({ question: "Who was the Chinese counterpart of Tajikistan's President at their May 2002 meeting?" });
    expect(named.abstained).toBe(false);
    expect(named.answer).toMatch(/Li Peng/);
    const role = await ask.ask({ question: "Who was Kyrgyzstan's Minister of Defense in 2018?" });
    expect(role.abstained).toBe(true);
    expect(role.answer).toMatch(/^The report does not say so/);
  });

  it('prefers the sentence about the asked country over a close one about another', async () => {
    const r = await ask.ask({ question: 'What did the 2019 China–Kazakhstan exercise focus on?' });
    expect(r.abstained).toBe(false);
    expect(r.citations[0].quote).toMatch(/Kazakh/);
  });
});
