import { describe, expect, it } from 'vitest';
import { useTableEngine } from './document-engine.js';

/**
 * Keyed tables of the second fixture document (one row per month, sector, stage, station), read
 * for real by ingest: the key column names the rows, whole column names beat shared words, word
 * order does not matter for a lookup, a bound stated as a cell has a number. Expected values are
 * read off tests/fixtures/serra-basin-brief.md by hand.
 */
const tables = useTableEngine('tests/fixtures/serra-basin-brief.md');
const run = tables.result;
const keysOf = (question: string) => run(question).rows.map((r) => r.row.cells[0]!.text);
const valueOf = (question: string) => {
  const r = run(question);
  return r.rows.map((x) => x.row.cells[r.target!.index]?.text);
};

describe('keyed tables: the first column names the rows', () => {
  it('counts rows by their key noun with thresholds, missing values and years', () => {
    expect(run('How many months had a mean flow above 20 m³/s?').count).toBe(4);
    expect(run('How many months had 16.7 m³/s or more?').count).toBe(5);
    expect(run('How many sectors have a share above 20%?').count).toBe(2);
    expect(run('How many sectors have a fee per m³ higher than 0.05?').count).toBe(2);
    expect(run('How many months had a mean flow lower than 20?').count).toBe(2);
    expect(run('For how many sectors is the fee per m³ missing?').count).toBe(2);
    expect(run('How many stations are operated by the Serra Basin Authority?').count).toBe(2);
    expect(run('How often does Serra Basin Authority appear as operator?').count).toBe(2);
    expect(run('How many months do not have a year of lowest?').count).toBe(1);
    // "how many months … m³/s": the key noun is counted, not the unit summed.
    expect(run('How many months recorded more than 30 m³/s of mean flow?').count).toBe(3);
  });

  it('finds extremes by a column named in full, over a shared unit word', () => {
    expect(keysOf('Which sector pays the highest fee per m³?')).toEqual(['Drinking water']);
    expect(keysOf('Which month had the lowest mean flow?')).toEqual(['August']);
    expect(keysOf('Which stage was declared most recently?')).toEqual(['Emergency']);
  });

  it('reads a bound stated as a cell ("Below 60%") as its number', () => {
    expect(keysOf('Which stage has the highest reservoir storage?')).toEqual(['Alert']);
    expect(run('How many stages have a reservoir storage below 40?').count).toBe(2);
  });

  it('looks a row up by its key in any word order', () => {
    expect(valueOf('In April, what was the lowest recorded?')).toEqual(['22.1']);
    expect(valueOf('Castell: who is its operator?')).toEqual(['National Hydrological Service']);
    expect(valueOf('Which operator runs Mora Weir?')).toEqual(['Serra Basin Authority']);
    expect(valueOf('Give the year of lowest of January.')).toEqual(['2017']);
    expect(valueOf("Tell me Delta Ferry's operator.")).toEqual(['Port of Serra']);
    expect(valueOf('How much is the fee per m³ for industry?')).toEqual(['EUR 0.09']);
    expect(keysOf('What month has the top mean flow?')).toEqual(['April']);
  });

  it('leaves questions no table explains to retrieval', () => {
    expect(tables.engine().read('Why did the river stop flowing at Castell?')).toBeNull();
    expect(tables.engine().read('What does the brief recommend for the Alert stage?')).toBeNull();
  });
});
