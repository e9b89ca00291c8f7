import { describe, expect, it } from 'vitest';
import { parseTableQuestion } from '../../../src/answer/table/parse-table-question.js';

describe('parseTableQuestion', () => {
  it.each([
    'What are the three evils?',
    'Why did the PRC lobby Central Asian states to criminalize Uyghur groups?',
    'What is the most difficult operational obstacle?',
    'Where did China and Tajikistan hold their bilateral exercise in August 2019?',
    'Which SCO exercise was the only one to include mock approval from the UN Security Council?',
    'How many training camps did Chinese and Kyrgyz armies destroy at the end of the 2003 exercise?',
    'According to the text, how many bilateral exercises took place between 2013 and 2020?',
    'In which year did China first use anti-terrorism terms at head-of-state meetings with Kyrgyzstan and Kazakhstan?',
    'How many military personnel did Pakistan and India send to the 2018 SCO exercise?',
    'How does China train Central Asian police?',
  ])('leaves a non-table question to retrieval: %s', (question) => {
    expect(parseTableQuestion(question)).toBeNull();
  });

  it('reads a count with a country', () => {
    expect(parseTableQuestion('How many bilateral exercises did China hold with Tajikistan?')).toEqual({ appendix: 3, operation: 'count', countries: ['Tajikistan'] });
  });

  it('reads demonyms and codes as countries', () => {
    expect(parseTableQuestion('How many security meetings did China hold with Kyrgyz officials?')?.countries).toEqual(['Kyrgyzstan']);
    expect(parseTableQuestion('How many transfers to KZ are listed in Appendix 5?')?.countries).toEqual(['Kazakhstan']);
  });

  it('reads year ranges', () => {
    expect(parseTableQuestion("List China's security transfers to Uzbekistan since 2015")).toMatchObject({ appendix: 5, operation: 'list', yearFrom: 2015 });
    expect(parseTableQuestion('How many meetings did China hold with Tajikistan between 2010 and 2015?')).toMatchObject({ yearFrom: 2010, yearTo: 2015 });
    expect(parseTableQuestion('How many meetings did China hold with Tajikistan before 2010?')).toMatchObject({ yearTo: 2009 });
    expect(parseTableQuestion('How many meetings did China hold with Tajikistan in 2019?')).toMatchObject({ yearFrom: 2019, yearTo: 2019 });
  });

  it('tells an SCO host country from a participant', () => {
    expect(parseTableQuestion('Which SCO exercises were held in Kazakhstan?')).toMatchObject({ appendix: 2, countryRole: 'location', countries: ['Kazakhstan'] });
    expect(parseTableQuestion('Which SCO exercises did Uzbekistan take part in?')).toMatchObject({ appendix: 2, countryRole: 'participant', countries: ['Uzbekistan'] });
  });

  it('reads a superlative with agencies on each side', () => {
    expect(parseTableQuestion("When did Kyrgyzstan's interior ministry last meet China's Minister of Public Security?")).toMatchObject({
      appendix: 1,
      operation: 'last',
      countries: ['Kyrgyzstan'],
      agencies: [
        { side: 'partner', name: 'internal affairs' },
        { side: 'china', name: 'public security' },
      ],
    });
    expect(parseTableQuestion('What was the largest SCO exercise by personnel?')).toMatchObject({ appendix: 2, operation: 'max', measure: 'personnel' });
  });
});
