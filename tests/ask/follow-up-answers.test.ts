import { describe, expect, it } from 'vitest';
import { useDocumentAsk } from '../helpers/document-ask.js';

/** Follow-ups that point at the previous answer, end to end on a small document of its own shape. */
describe('follow-ups that point at the previous answer', () => {
  const NOTE = `# Estuary Ferry Scheme Review

Author: Marta Quell

## The scheme

Only three towns joined the ferry scheme in 2019: Saltmarsh, Kestrel Point and Harrow. These towns bought two electric ferries and four new pontoons with the grant.
The scheme was designed by Ines Varga, the county's transport planner. Ines Varga is based in Calder, where the county transport office sits.

## Costs

The first year of the scheme cost 2.4 million euros. In 2020 the scheme cost 1.9 million euros, after fuel savings.
`;
  const service = useDocumentAsk('estuary-ferry.md', NOTE);

  const history = (question: string, answer: string) => [
    { role: 'user' as const, content: question },
    { role: 'assistant' as const, content: answer },
  ];

  it('answers "what did they buy?" with the next fact, not the sentence the user just read', async () => {
    const r = await service().ask({
      question: 'What did they buy?',
      history: history('Which towns joined the ferry scheme?', 'Only three towns joined the ferry scheme in 2019: Saltmarsh, Kestrel Point and Harrow [1]'),
    });
    expect(r.standaloneQuestion).toMatch(/Saltmarsh, Kestrel Point and Harrow/);
    expect(r.abstained).toBe(false);
    expect(r.answer).toMatch(/electric ferries/);
  });

  it('puts the person the answer named in place of "she"', async () => {
    const r = await service().ask({ question: 'Where is she based?', history: history('Who designed the scheme?', "The scheme was designed by Ines Varga, the county's transport planner [1]") });
    expect(r.standaloneQuestion).toBe('Where is Ines Varga based?');
    expect(r.answer).toMatch(/Calder/);
  });
});
