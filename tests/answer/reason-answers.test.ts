import { describe, expect, it } from 'vitest';
import { useDocumentAsk } from '../helpers/document-ask.js';

/** A small document of our own, so the reason-carrying mechanism is checked on text no eval set asks about. */
const HARBOUR = `# Harbour Works Review

## Findings

The harbour dredging programme stopped in 2019 after two seasons of work. This reflects the collapse of the port's cargo revenue, which had paid for every dredger hired since 2011.

The eastern breakwater was rebuilt in 2016 with concrete blocks from a quarry near the old lighthouse. Its crest was raised by two metres.

The ferry terminal moved to the northern quay in 2018. Passenger numbers rose by a fifth in the following year.
`;

describe('why-answers carry the reason', () => {
  const service = useDocumentAsk('harbour.md', HARBOUR);

  it('adds the next sentence when it explains a best sentence that only restates the question', async () => {
    const r = await service().ask({ question: 'Why did the harbour dredging programme stop?' });
    expect(r.abstained).toBe(false);
    expect(r.citations.map((c) => c.quote)).toEqual([
      'The harbour dredging programme stopped in 2019 after two seasons of work.',
      "This reflects the collapse of the port's cargo revenue, which had paid for every dredger hired since 2011.",
    ]);
  });

  it('does not add a next sentence that explains nothing', async () => {
    const r = await service().ask({ question: 'Why was the eastern breakwater rebuilt in 2016?' });
    expect(r.citations.some((c) => c.quote.startsWith('Its crest was raised'))).toBe(false);
  });
});
