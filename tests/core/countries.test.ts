import { describe, expect, it } from 'vitest';
import { countriesIn, countryOfWord, focalCountries } from '../../src/core/countries.js';

describe('country names from the world-countries data package', () => {
  it('names, demonyms, plurals and -stan stems map to one country', () => {
    const expected: Record<string, string> = {
      Kyrgyz: 'Kyrgyzstan', kyrgyzstani: 'Kyrgyzstan', Kazakhs: 'Kazakhstan', Tajik: 'Tajikistan', Uzbeks: 'Uzbekistan',
      Turkmen: 'Turkmenistan', Afghan: 'Afghanistan', Chinese: 'China', Russian: 'Russia', Pakistani: 'Pakistan',
      Bolivian: 'Bolivia', Peruvians: 'Peru', Kenya: 'Kenya', Polish: 'Poland',
    };
    for (const [word, country] of Object.entries(expected)) expect(countryOfWord(word), word).toBe(country);
    for (const word of ['report', 'border', 'us', 'in', 'Dushanbe']) expect(countryOfWord(word), word).toBeUndefined();
  });

  it('finds every country in a text, hyphenated pairs included, in order of first mention', () => {
    expect(countriesIn('The China–Kyrgyzstan exercise drew Tajik troops; China paid.')).toEqual(['China', 'Kyrgyzstan', 'Tajikistan']);
  });

  it('a corpus subject is the country named in at least half as many sentences as the most-named one', () => {
    const brief = ['Chile signed the accord. Chile and Peru share the basin.', 'Chile pays. Bolivia objects.', 'Chile builds dams. Peru agrees.'];
    expect(focalCountries(brief)).toEqual(['Chile', 'Peru']);
    expect(focalCountries(['Chile signed the accord. Chile pays. Chile builds dams. Peru agrees.'])).toEqual(['Chile']);
    expect(focalCountries(['Nothing about any state here.'])).toEqual([]);
  });
});
