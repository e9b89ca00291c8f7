import { describe, expect, it } from 'vitest';
import { rewriteFollowUp as rewriteWith, standaloneQuestion as standaloneWith, type FollowUpOptions } from '../../src/conversation/follow-up-rules.js';
import type { HistoryTurn } from '../../src/core/types.js';

/** The bundled report is about China: the server reads that from its index (focalCountries); here it is given. */
const REPORT: FollowUpOptions = { anchors: new Set(['China']) };
const rewriteFollowUp = (question: string, previous: string) => rewriteWith(question, previous, REPORT);
const standaloneQuestion = (question: string, history: HistoryTurn[]) => standaloneWith(question, history, REPORT);

const EXERCISE = 'Where was the August 2019 China–Tajikistan exercise held?';

describe('offline follow-up rules', () => {
  it('carries the topic and entities into a follow-up that names no topic of its own', () => {
    const out = rewriteFollowUp('How many personnel took part?', EXERCISE);
    expect(out).toMatch(/^How many personnel took part\?/);
    for (const carried of ['August', '2019', 'Tajikistan', 'exercise']) expect(out).toContain(carried);
  });

  it('resolves pronouns against the previous question', () => {
    const out = rewriteFollowUp('When were they finished?', 'How many border posts did China build on the Tajikistan-Afghanistan border?');
    expect(out).toContain('border posts');
    expect(out).toContain('Tajikistan-Afghanistan');
    expect(rewriteFollowUp('How many times a year does that happen?', 'Within what distance of the border do joint guards inspect military forces?')).toContain('inspect');
  });

  it('a new country replaces the old one in an elliptical follow-up; China stays', () => {
    const out = rewriteFollowUp('And with Tajikistan?', 'At least how many security meetings did China and Kazakhstan hold?');
    expect(out).toBe('At least how many security meetings did China and Tajikistan hold?');
  });

  it('a new date replaces the old date, month included', () => {
    expect(rewriteFollowUp('And in 2016?', EXERCISE)).toBe('Where was the 2016 China–Tajikistan exercise held?');
    const out = rewriteFollowUp('And what were they paid in 2008?', 'What salary did civilian farmer border guards get in 2018?');
    expect(out).toContain('2008');
    expect(out).not.toContain('2018');
    expect(out).toContain('salary');
  });

  it('leaves self-contained questions, new topics and greetings alone', () => {
    for (const q of ['What are the three evils?', 'hi', 'Thanks!', 'Who is Niva Yau?', 'How many Chinese private security companies operate in Kyrgyzstan?']) {
      expect(rewriteFollowUp(q, EXERCISE)).toBe(q);
    }
  });

  it('a pronoun whose actors the question names itself does not make it a follow-up', () => {
    const border = 'How long is the border that Xinjiang shares with Kazakhstan, Kyrgyzstan and Tajikistan?';
    for (const q of ['Where did China and Tajikistan hold their bilateral exercise in August 2019?', 'When did Kazakhstan hold its first exercise with China?']) {
      expect(rewriteFollowUp(q, border)).toBe(q);
    }
    // One actor is no antecedent for "they"; "it" stands for a thing, not for the question's actors.
    expect(rewriteFollowUp('When did China finish them?', 'How many border posts did China build on the Tajikistan-Afghanistan border?')).toContain('border posts');
    expect(rewriteFollowUp('When did Tajikistan host it?', EXERCISE)).toContain('exercise');
  });

  it('resolves a chain of follow-ups turn by turn, from the user turns only', () => {
    const history = [
      { role: 'user' as const, content: EXERCISE },
      { role: 'assistant' as const, content: 'It was held in Badakhshan [1].' },
      { role: 'user' as const, content: 'How many personnel took part?' },
      { role: 'assistant' as const, content: '1200 (580 Chinese) [1].' },
    ];
    const out = standaloneQuestion('And in 2016?', history);
    expect(out).toMatch(/^How many personnel took part\?/);
    expect(out).toContain('2016');
    expect(out).toContain('Tajikistan');
    expect(out).not.toContain('2019');
    expect(standaloneQuestion('What are the three evils?', history)).toBe('What are the three evils?');
    expect(standaloneQuestion('How many personnel took part?', [])).toBe('How many personnel took part?');
  });
});

describe('bounded work whatever the history (CPU budget per request)', () => {
  const bomb = 'a?'.repeat(10_000);

  it('only the last few user turns shape a follow-up: 1,000 older turns change nothing', () => {
    const recent = [
      { role: 'user' as const, content: 'How many security meetings did China and Kazakhstan hold?' },
      { role: 'assistant' as const, content: 'Appendix 1 lists …' },
    ];
    const older = Array.from({ length: 1000 }, (_, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), content: `Question ${i} about Uzbekistan?` }));
    expect(standaloneQuestion('And with Tajikistan?', [...older, ...recent])).toBe(standaloneQuestion('And with Tajikistan?', recent));
  });

  it('a turn longer than a question is read only up to a question’s length', () => {
    const long = `What did China give Kyrgyzstan? ${'Uzbekistan '.repeat(50_000)}`;
    const out = standaloneQuestion('And in 2016?', [{ role: 'user', content: long }]);
    expect(out.length).toBeLessThan(2100);
    expect(out).toContain('2016');
  });

  it('the history bomb of the security review (12 turns of "a?" × 10,000) is rewritten, and the rewrite stays a short question', () => {
    const history = Array.from({ length: 12 }, (_, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), content: bomb }));
    const out = standaloneQuestion('And how many of them?', history);
    expect(out.length).toBeLessThan(2100);
    // The same work on a question of many pronouns and names (the antecedent check is one pass).
    const pronouns = `${'Kazakhstan and China said they and their it '.repeat(45)}?`;
    expect(standaloneQuestion(pronouns, history)).toContain('Kazakhstan');
  });
});

describe('anchors come from the corpus, not the code', () => {
  it('without anchors every country can be swapped; with another corpus subject, that subject stays', () => {
    const previous = 'At least how many security meetings did China and Kazakhstan hold?';
    // Two non-anchor countries: the first is replaced.
    expect(rewriteWith('And with Tajikistan?', previous)).toBe('At least how many security meetings did Tajikistan hold?');
    const brief = 'How much water did Chile and Peru share in 2019?';
    expect(rewriteWith('And with Bolivia?', brief, { anchors: new Set(['Chile']) })).toBe('How much water did Chile and Bolivia share in 2019?');
    expect(rewriteWith('And with Bolivia?', 'What did the Chile–Peru treaty say?', { anchors: new Set(['Chile']) })).toBe('What did the Chile–Bolivia treaty say?');
  });
});

describe('follow-ups that point at the previous answer', () => {
  const turns = (q: string, a: string) => [
    { role: 'user' as const, content: q },
    { role: 'assistant' as const, content: a },
  ];

  it('carries the entity the answer named when the follow-up says "it"', () => {
    const out = standaloneQuestion('When did it ratify the treaty?', turns('Which state signed the treaty first?', 'Norway signed first, in 1996 [1].'));
    expect(out).toContain('Norway');
  });

  it('carries the person the answer named when the follow-up says "he"', () => {
    const out = standaloneQuestion('Where was he based then?', turns('Who chaired the commission?', 'The commission was chaired by Anton Berg of the Baltic Institute [1].'));
    expect(out).toMatch(/Anton Berg/);
  });

  it.each([
    ['What happened the following year?', '2008'],
    ['Which ferry opened in the previous year?', '2006'],
    ['What was signed two years on?', '2009'],
    ['And three years prior?', '2004'],
  ])('reads "%s" against the year the answer gave', (q, year) => {
    const out = standaloneQuestion(q, turns('When was the fisheries accord signed?', 'The fisheries accord was signed in 2007 [1].'));
    expect(out).toContain(year);
    expect(out).toContain('fisheries');
  });

  it('turns "a year later" into the year after the one the answer gave', () => {
    const out = standaloneQuestion('What was signed a year later?', turns('When was the fisheries accord signed?', 'The fisheries accord was signed in 2007 [1].'));
    expect(out).toContain('2008');
    expect(out).not.toMatch(/a year later/);
  });

  it('leaves a self-contained question alone even after an answer full of names', () => {
    const q = 'Which Norwegian port hosted the 2015 summit?';
    expect(standaloneQuestion(q, turns('Who chaired the commission?', 'Anton Berg of the Baltic Institute [1].'))).toBe(q);
  });

  it('puts the person or thing the answer named in place of the pronoun, past a label', () => {
    expect(standaloneQuestion('Where is she based?', turns('Who wrote the brief?', 'Author: Marta Quell [1]'))).toBe('Where is Marta Quell based?');
    expect(standaloneQuestion('When did it open its first depot?', turns('Which operator won the ferry contract?', 'Bayline Marine won the contract in 2019 [1].'))).toBe(
      'When did Bayline Marine open its first depot?',
    );
    expect(standaloneQuestion('What did they buy?', turns('Which towns joined the scheme?', 'Only Saltmarsh, Kestrel Point and Harrow joined [1].'))).toBe(
      'What did Saltmarsh, Kestrel Point and Harrow buy?',
    );
    expect(standaloneQuestion('When did he retire?', turns('Who chaired the commission?', 'Anton Berg of the Baltic Institute [1].'))).toBe('When did Anton Berg of the Baltic Institute retire?');
  });

  it('keeps the previous question as the referent when it did not ask for a name', () => {
    const out = standaloneQuestion('Where did it take place?', turns('When did the two navies hold their first joint drill?', 'In 2019 [1].'));
    expect(out).toMatch(/^Where did it take place\?/);
    expect(out).toContain('navies');
    expect(out).toContain('2019');
  });

  it('a follow-up that gives a shared noun words of its own drops the old ones', () => {
    const out = standaloneQuestion('And which one runs the night ferry service?', turns('Which operator runs the airport ferry service for commuters?', 'Bayline Marine [1]'));
    expect(out).toMatch(/^Which operator runs the night ferry service\?/);
    expect(out).not.toContain('airport');
    expect(out).toContain('commuters');
  });

  it('reads "which one" as the kind of thing the previous question asked for', () => {
    expect(standaloneQuestion('And which one runs the night service?', turns('Which harbour operator runs the airport route?', 'Bayline Marine [1]'))).toMatch(
      /^Which harbour operator runs the night service\?/,
    );
  });
});

