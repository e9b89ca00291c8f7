import { describe, expect, it } from 'vitest';
import { useDocumentAsk } from '../helpers/document-ask.js';

/** A small document of our own: an acronym never spelled out in brackets, and a table whose rows define its keys. */
const DOC = `# Coastal Flood Plan

## Summary

The Northern Coast Authority manages the sea walls of the region. Every year the NCA inspects each wall before the winter storms.

## Warning Levels

Table 1. Flood warning levels

| Level | Sea height | Action |
|---|---|---|
| Watch | Above 2.1 m | Close the harbour gates |
| Danger | Above 2.8 m | Evacuate the promenade |
`;

describe('definitions', () => {
  const service = useDocumentAsk('flood.md', DOC);

  it('spells out an acronym from the capitalised phrase whose initials it is', async () => {
    const r = await service().ask({ question: 'What does NCA stand for?' });
    expect(r.abstained).toBe(false);
    expect(r.citations[0].quote).toBe('The Northern Coast Authority manages the sea walls of the region.');
  });

  it('defines a table key by its row, also when the question adds the column name', async () => {
    for (const question of ['What is Danger?', 'What is the Danger level?']) {
      const r = await service().ask({ question });
      expect(r.abstained).toBe(false);
      expect(r.citations[0].kind).toBe('table-row');
      expect(r.citations[0].quote).toContain('Level: Danger');
    }
  });
});
