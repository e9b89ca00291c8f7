import { beforeAll, describe, expect, it } from 'vitest';
import type { AskService } from '../../src/ask/ask-service.js';
import { getTestServices } from '../helpers/test-index.js';
import { useDocumentAsk } from '../helpers/document-ask.js';

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

/** The same conditions on a document of another shape: a short air-quality note with a pipe table. */
describe('abstention respects the question (a second document)', () => {
  const NOTE = `# Lakeside Air Quality Note 2021

Author: Test Author

## Readings

In March 2021 the north station recorded a monthly PM2.5 mean of 31 micrograms per cubic metre, the highest of the year.
In July 2021 the same station recorded a monthly mean of 9 micrograms per cubic metre after the bypass opened.
The harbour station was closed because its inlet was flooded twice during the spring storms.
The Ridge station has four sensors on its mast and is visited by city inspectors every week.
The Ridge mast was built by Halden Works in 2018. A new inlet was fitted at the north station by an outside contractor in 2020.

## Stations

| Station | Opened | Operator | Status | Staff |
|---|---|---|---|---|
| North | 2012 | City Environment Office | Active | 6 |
| Harbour | 2015 | Port Authority | Closed in 2021 | — |
| Ridge | 2018 | City Environment Office | Active | 4 |
`;
  const service = useDocumentAsk('lakeside-air.md', NOTE);

  it('treats a month as a condition, as it does a year', async () => {
    const march = await service().ask({ question: 'What monthly PM2.5 mean did the north station record in March 2021?' });
    expect(march.abstained).toBe(false);
    expect(march.answer).toMatch(/\b31\b/);
    const october = await service().ask({ question: 'What monthly PM2.5 mean did the north station record in October 2021?' });
    expect(october.abstained).toBe(true);
  });

  it('does not answer "why" with a table row, which records what happened but not why', async () => {
    const stated = await service().ask({ question: 'Why was the harbour station closed?' });
    expect(stated.abstained).toBe(false);
    expect(stated.answer).toMatch(/flooded/);
    const unstated = await service().ask({ question: 'Why did the Port Authority open the Harbour station in 2015?' });
    expect(unstated.abstained).toBe(true);
  });

  it('wants the number of the thing counted, not a number of something else in the sentence', async () => {
    const sensors = await service().ask({ question: 'How many sensors does the Ridge station have?' });
    expect(sensors.abstained).toBe(false);
    expect(sensors.answer).toMatch(/four sensors/);
    const inspectors = await service().ask({ question: 'How many inspectors visit the Ridge station?' });
    expect(inspectors.abstained).toBe(true);
  });

  it('wants a name for "which company …", not a sentence that only says a contractor did it', async () => {
    const named = await service().ask({ question: 'Which company built the Ridge mast?' });
    expect(named.abstained).toBe(false);
    expect(named.answer).toMatch(/Halden Works/);
    const unnamed = await service().ask({ question: 'Which company fitted the new inlet at the north station?' });
    expect(unnamed.abstained).toBe(true);
  });

  it('does not hold a yes/no question to its light verbs ("take place")', async () => {
    const r = await service().ask({ question: 'Did the flooding of the harbour inlet take place during the spring storms?' });
    expect(r.abstained).toBe(false);
    expect(r.answer).toMatch(/spring storms/);
    const premise = await service().ask({ question: 'Did the harbour station get a new roof during the spring storms?' });
    expect(premise.abstained).toBe(true);
  });

  it('wants a name for "what is the name of …"', async () => {
    const named = await service().ask({ question: 'What is the name of the company that built the Ridge mast?' });
    expect(named.abstained).toBe(false);
    expect(named.answer).toMatch(/Halden Works/);
    const unnamed = await service().ask({ question: 'What is the name of the contractor that fitted the new inlet?' });
    expect(unnamed.abstained).toBe(true);
  });

  it('wants a name for "who <does> …"', async () => {
    const r = await service().ask({ question: 'Who flooded the inlet of the harbour station?' });
    expect(r.abstained).toBe(true);
    expect(r.answer).toMatch(/^The report does not say so/);
  });

  it('says a table cell the document leaves blank is not given, and cites the row', async () => {
    const given = await service().ask({ question: 'How many staff does the North station have?' });
    expect(given.abstained).toBe(false);
    expect(given.answer).toMatch(/\b6\b/);
    const blank = await service().ask({ question: 'How many staff does the Harbour station have?' });
    expect(blank.mode).toBe('table');
    expect(blank.abstained).toBe(true);
    expect(blank.answer).toMatch(/^The report does not give the Staff/);
    expect(blank.answer).toMatch(/Harbour/);
  });
});

