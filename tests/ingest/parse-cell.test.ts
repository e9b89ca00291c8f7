import { describe, expect, it } from 'vitest';
import { findAmounts, inferColumnType, parseDateText, typedCell } from '../../ingest/tables/parse-cell.js';
import { monthNumber } from '../../src/core/months.js';

describe('typed cells', () => {
  it('reads money with currency and scale', () => {
    expect(typedCell('$10m RMB', 'money')).toEqual({ type: 'money', text: '$10m RMB', amount: 10_000_000, currency: 'RMB' });
    expect(typedCell('USD 1,352m', 'money')).toMatchObject({ amount: 1_352_000_000, currency: 'USD' });
    expect(typedCell('150,000 USD', 'money')).toMatchObject({ amount: 150_000, currency: 'USD' });
    expect(typedCell('30M RMB', 'money')).toMatchObject({ amount: 30_000_000, currency: 'RMB' });
    expect(typedCell('$480,000', 'money')).toMatchObject({ amount: 480_000, currency: 'USD' });
    expect(typedCell('worth 6M USD', 'money')).toMatchObject({ amount: 6_000_000, currency: 'USD' });
    expect(typedCell('2.5 million', 'money')).toMatchObject({ type: 'text' });
  });

  it('keeps sums of money found inside text cells', () => {
    const cell = typedCell('Equipment: Special vehicles and rescus equipment worth 6M USD', 'text');
    expect(cell).toMatchObject({ type: 'text', amounts: [{ text: '6M USD', amount: 6_000_000, currency: 'USD' }] });
    expect(findAmounts('Aid: \\$1.5m for officers')).toEqual([{ text: '$1.5m', amount: 1_500_000, currency: 'USD' }]);
  });

  it('reads dates at year, month and day precision, with misspelt months', () => {
    expect(parseDateText('2019')).toEqual({ year: 2019, precision: 'year' });
    expect(parseDateText('August 2019')).toEqual({ year: 2019, month: 8, precision: 'month' });
    expect(parseDateText('Aug. 2019')).toEqual({ year: 2019, month: 8, precision: 'month' });
    expect(parseDateText('12 August 2019')).toEqual({ year: 2019, month: 8, day: 12, precision: 'day' });
    expect(parseDateText('August 12, 2019')).toEqual({ year: 2019, month: 8, day: 12, precision: 'day' });
    expect(parseDateText('2019-08-12')).toEqual({ year: 2019, month: 8, day: 12, precision: 'day' });
    expect(parseDateText('Feburary 2019')).toEqual({ year: 2019, month: 2, precision: 'month' });
    expect(parseDateText('Janurary 2014')).toEqual({ year: 2014, month: 1, precision: 'month' });
    expect(parseDateText('Border 2019')).toBeNull();
    expect(monthNumber('Sept')).toBe(9);
    expect(monthNumber('Mayor')).toBeNull();
  });

  it('treats n/a, Unknown, dashes and blanks as missing', () => {
    for (const t of ['', 'n/a', 'N/A', 'Unknown', '—', '-', ' ']) expect(typedCell(t, 'text')).toBeNull();
  });

  it('infers a column type from the majority of its values', () => {
    expect(inferColumnType(['150', '1,075', 'Unknown', '(800 Chinese)', '414'])).toBe('integer');
    expect(inferColumnType(['2019', '2018', '2016'])).toBe('date');
    expect(inferColumnType(['12.5', '3', '4.25'])).toBe('decimal');
    expect(inferColumnType(['Xiamen, China', 'Korla, China', 'Sughd, Tajikistan'])).toBe('text');
    expect(inferColumnType(['China, Russia, India', 'China, Russia', ''])).toBe('list');
    expect(inferColumnType(['$2m', 'USD 30,000', 'n/a'])).toBe('money');
    expect(typedCell('1200 (580 Chinese)', 'integer')).toEqual({ type: 'text', text: '1200 (580 Chinese)', leadingNumber: 1200 });
  });
});
