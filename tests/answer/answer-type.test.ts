import { describe, expect, it } from 'vitest';
import {
  acronymAliases,
  canAnswer,
  countedThing,
  countsThing,
  fitsMonths,
  monthsIn,
  namedMonths,
  expectedAnswer,
  fitsCountries,
  fitsNames,
  fitsYears,
  namedCountries,
  namedTerms,
  namedYears,
  namesCounted,
} from '../../src/answer/answer-type.js';

describe('expectedAnswer / canAnswer', () => {
  it('asks a number of "how many" and "what was … worth" questions, and a date of "when"', () => {
    expect(expectedAnswer('How many troops took part?')).toBe('quantity');
    expect(expectedAnswer('What was the grant worth?')).toBe('quantity');
    expect(expectedAnswer('What was the monetary value of the donated trucks?')).toBe('quantity');
    expect(expectedAnswer('What was the annual budget of RATS?')).toBe('quantity');
    expect(expectedAnswer('What was the scenario of the 2006 exercise?')).toBe('any');
    expect(expectedAnswer('When did the SCO hold its first exercise?')).toBe('time');
    expect(expectedAnswer('Where was the 2012 exercise held?')).toBe('place');
    expect(expectedAnswer('Who commanded the exercise?')).toBe('any');
    // A year is not a count.
    expect(canAnswer('quantity', 'The exercise was held in 2019.')).toBe(false);
    expect(canAnswer('quantity', 'Some 1,100 personnel took part.')).toBe(true);
  });
});

describe('namedYears / fitsYears', () => {
  it('finds the years a question pins its subject to', () => {
    expect(namedYears('How many officers trained in China in 2021?')).toEqual(['2021']);
    expect(namedYears('How did pay change between 2008 and 2018?')).toEqual(['2008', '2018']);
    expect(namedYears('What did the 1,100 troops do?')).toEqual([]);
  });

  it('a passage fits when it names one of those years as a whole number', () => {
    expect(fitsYears(['2015'], 'Date: December 2015; Type: Donation')).toBe(true);
    expect(fitsYears(['2015'], 'Trade grew to $50.2 billion in 2013.')).toBe(false);
    expect(fitsYears(['2015'], 'Some 20150 items')).toBe(false);
    expect(fitsYears([], 'anything')).toBe(true);
  });
});

/** The bundled report's subject, as the server reads it from the index (corpusAnchors). */
const REPORT_SUBJECT = new Set(['China']);

describe('namedCountries / fitsCountries', () => {
  it('a passage fits when it mentions one of the countries the question names other than the corpus subject, in any form', () => {
    const kyrgyz = namedCountries('In which city was the 2019 China–Kyrgyzstan exercise held?', REPORT_SUBJECT);
    expect(fitsCountries(kyrgyz, 'Kyrgyzstan–China. Kyrgyzstan: National Guard; Location: Urumqi')).toBe(true);
    expect(fitsCountries(kyrgyz, 'the Kyrgyz side sent 300 border guards')).toBe(true);
    expect(fitsCountries(kyrgyz, 'Uzbekistan–China. Location: Jizzakh')).toBe(false);
  });

  it('has no opinion on questions naming only the corpus subject, or no country', () => {
    expect(namedCountries('What did Chinese officials ask for?', REPORT_SUBJECT)).toEqual([]);
    // Without a subject (another corpus), China is a country like any other.
    expect(namedCountries('What did Chinese officials ask for?')).toHaveLength(1);
    expect(fitsCountries(namedCountries('Which countries bought arms?'), 'anything')).toBe(true);
  });
});

describe('countedThing / namesCounted', () => {
  it('takes the plural head of the phrase after "how many"', () => {
    expect(countedThing('How many Chinese private security companies operate in Uzbekistan?')).toEqual(['compani']);
    expect(countedThing('How many Uyghurs were deported?')).toEqual(['uyghur']);
    expect(countedThing('How many members and how many organisations did the database cover?')).toEqual(['member']);
  });

  it('accepts any word for people when people are counted ("troops" is answered by "personnel")', () => {
    const people = countedThing('How many troops took part in the 2007 exercise?');
    expect(namesCounted(people, 'Size (in personnel): 4000 (1600 Chinese, 2000 Russian)')).toBe(true);
    expect(namesCounted(people, 'China built four border posts.')).toBe(false);
  });

  it('has no opinion when the phrase has no recognisable head, or the question asks how often', () => {
    expect(countedThing('How many Chinese took part in the exercise?')).toBeUndefined();
    expect(countedThing('How many of the participants were Chinese?')).toBeUndefined();
    expect(countedThing('How many times a year do they meet?')).toBeUndefined();
    expect(countedThing('What was the grant worth?')).toBeUndefined();
    expect(namesCounted(undefined, 'anything')).toBe(true);
  });
});

describe('namedTerms / fitsNames / acronymAliases', () => {
  const aliases = acronymAliases(['Established in 2004, the Regional Anti-Terrorism Structure (RATS) is based in Tashkent.']);

  it('takes capitalised names past the first word, but not months or the countries checked on their own', () => {
    // Afghanistan is a country (world-countries data): namedCountries checks it, not namedTerms.
    expect(namedTerms('What did the 2021 SCO summit in Dushanbe decide about Afghanistan?')).toEqual(['SCO', 'Dushanbe']);
    expect(namedTerms('When did Kazakhstan and China meet in May 2019?')).toEqual([]);
    expect(namedTerms('Which Chinese body led the RATS-commanded exercise in August 2010?')).toEqual(['RATS']);
    expect(namedTerms('Who commanded the Anti-Terrorism unit?')).toEqual(['Anti-Terrorism']);
  });

  it('finds a name in any case, as a whole word, or through its acronym', () => {
    expect(fitsNames(['Dushanbe'], 'an exercise in dushanbe', aliases)).toBe(true);
    expect(fitsNames(['SCO'], 'the SCOs members', aliases)).toBe(true);
    expect(fitsNames(['SCO'], 'disco', aliases)).toBe(false);
    expect(fitsNames(['RATS'], 'The Regional Anti-Terrorism Structure met.', aliases)).toBe(true);
    expect(fitsNames(['Anti-Terrorism'], 'RATS met.', aliases)).toBe(true);
    expect(fitsNames(['Dushanbe', 'SCO'], 'The SCO met in Tashkent.', aliases)).toBe(false);
  });
});

describe('months and counts as conditions', () => {
  it('reads the months a question names, and "May" only where it cannot be the verb', () => {
    expect(namedMonths('What was the mean flow in March?')).toEqual(['march']);
    expect(namedMonths('May I ask what happened in May 2019?')).toEqual(['may']);
    expect(namedMonths('What may happen next?')).toEqual([]);
  });

  it('finds a month in a passage written in full, abbreviated or misspelled, but not in names', () => {
    expect(fitsMonths(['february'], 'Ministry\tFeburary 2015\tEquipment')).toBe(true);
    expect(fitsMonths(['september'], 'signed in Sept. 2020')).toBe(true);
    expect(fitsMonths(['march'], 'Marching bands and Marc')).toBe(false);
    expect(monthsIn('It may rain. In May 2019 and August, and on 3 May.')).toEqual(['may', 'august']);
  });

  it('binds a number to the thing it counts', () => {
    const troops = countedThing('How many drug traffickers were arrested?');
    expect(countsThing(troops, 'In November 2014, 38 drug traffickers were arrested.')).toBe(true);
    expect(countsThing(countedThing('How many soldiers staff the posts?'), 'It built four border posts and barracks for soldiers.')).toBe(false);
    expect(countsThing(countedThing('How many people took part?'), 'Date: 2019; Size (in personnel): 24-40; Agenda: drills')).toBe(true);
    expect(countsThing(countedThing('How many people took part?'), 'Date: 2015; Size (in personnel): Unknown; Agenda: 3 drills')).toBe(false);
    expect(countsThing(undefined, 'anything')).toBe(true);
  });
});
