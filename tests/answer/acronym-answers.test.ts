import { describe, expect, it } from 'vitest';
import { acronymAliases, termAliases } from '../../src/core/acronyms.js';
import { useDocumentAsk } from '../helpers/document-ask.js';

const NOTE = `# Estuary Transport Note

Author: Test Author

## Operators

The Estuary Transport Board (ETB) runs the passenger ferries and sets the fares on every route.
Fares on the night routes are set each spring after a public consultation.

## History

Long before the ferries, the Estuary Transport Board was founded in 2011 by the county council to run the harbour buses.
The first ferry route opened in 2016.
`;

describe('an acronym and the long form the document spells out are one name', () => {
  it('reads acronyms and their long forms from the text', () => {
    const index = { chunks: [{ text: NOTE }] };
    expect(termAliases(index).get('etb')).toEqual([['estuari', 'transport', 'board']]);
  });

  it('reads a long form in lower case only when its initials spell the acronym, and a plural acronym', () => {
    const aliases = acronymAliases(['Ferries carry automatic passenger counters (APCs) on every deck. It runs on diesel (HVO).']);
    expect(aliases.get('apc')).toBe('automatic passenger counters');
    expect(aliases.has('hvo')).toBe(false);
  });

  describe('end to end', () => {
    const service = useDocumentAsk('estuary-transport.md', NOTE);

    it('answers a question that uses the acronym from a sentence that uses the long form', async () => {
      const r = await service().ask({ question: 'When was the ETB founded?' });
      expect(r.abstained).toBe(false);
      expect(r.citations[0].quote).toMatch(/founded in 2011/);
    });
  });
});
