import { beforeAll, describe, expect, it } from 'vitest';
import type { AskService } from '../../src/ask/ask-service.js';
import { getTestServices } from '../helpers/test-index.js';

/**
 * Two-turn conversations over the real report, offline (USE embedder,
 * extractive answers, rule-based follow-ups). Each second turn is asked
 * alone too, to show it is only answerable with the first.
 */
let ask: AskService;
beforeAll(async () => {
  ask = (await getTestServices()).services.ask;
});

const CONVERSATIONS = [
  {
    first: 'Where was the August 2019 China–Tajikistan exercise held?',
    second: 'How many personnel took part?',
    expected: /1,?200/,
  },
  {
    first: 'At least how many security meetings did China and Kazakhstan hold according to the report?',
    second: 'And with Tajikistan?',
    expected: /Tajikistan conducted at least 53/,
  },
  {
    first: 'How many representatives attended the International Forum on Counter-terrorism in 2019?',
    second: 'From how many countries did they come?',
    expected: /31 countries/,
  },
];

describe('follow-ups offline', () => {
  it.each(CONVERSATIONS)('"$second" after "$first" (conversation kept by the server)', async ({ first, second, expected }) => {
    const one = await ask.ask({ question: first });
    const two = await ask.ask({ question: second, conversationId: one.conversationId });
    expect(two.conversationId).toBe(one.conversationId);
    expect(two.standaloneQuestion).not.toBe(second);
    expect(two.abstained).toBe(false);
    expect(two.answer).toMatch(expected);
    const alone = await ask.ask({ question: second });
    expect(alone.standaloneQuestion).toBe(second);
    expect(alone.answer).not.toMatch(expected);
  });

  it('explicit history (eval scripts, Slack) works like a kept conversation', async () => {
    const { first, second, expected } = CONVERSATIONS[0];
    const two = await ask.ask({ question: second, history: [{ role: 'user', content: first }, { role: 'assistant', content: 'Badakhshan.' }] });
    expect(two.answer).toMatch(expected);
  });

  it('a topic switch does not inherit the old topic', async () => {
    const one = await ask.ask({ question: CONVERSATIONS[0].first });
    const two = await ask.ask({ question: 'What are the three evils?', conversationId: one.conversationId });
    expect(two.standaloneQuestion).toBe('What are the three evils?');
    expect(two.answer).toMatch(/separatism, terrorism, and religious extremism/);
    expect(two.answer).not.toMatch(/Badakhshan|Tajikistan/);
    const greeting = await ask.ask({ question: 'hi', conversationId: one.conversationId });
    expect(greeting.standaloneQuestion).toBe('hi');
  });
});
