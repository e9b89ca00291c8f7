import { describe, expect, it } from 'vitest';
import { questionIntent } from '../../src/answer/question-intent.js';

describe('questionIntent', () => {
  it.each([
    ['hi', 'greeting'],
    ['Hello there!', 'greeting'],
    ['thanks!', 'thanks'],
    ['Thank you so much', 'thanks'],
    ['What can you do?', 'capabilities'],
    ['hey, who are you?', 'capabilities'],
    ['bye', 'farewell'],
    ['Thank you, that is everything for now', 'thanks'],
    ['ok, no more questions', 'farewell'],
    ["I'm done", 'farewell'],
    ['How could you assist me?', 'capabilities'],
    ['What kinds of questions can I ask you?', 'capabilities'],
    ['Good morning, can you help me?', 'capabilities'],
  ])('%s is small talk (%s)', (q, act) => {
    expect(questionIntent(q)).toEqual({ kind: 'smalltalk', act });
  });

  it('does not take a real question that starts with a greeting or "help" for small talk', () => {
    expect(questionIntent('Hi, when was the SCO founded?').kind).not.toBe('smalltalk');
    expect(questionIntent('Thanks, and who funded the border posts?').kind).not.toBe('smalltalk');
    expect(questionIntent('What is this document about?').kind).toBe('overview');
    expect(questionIntent('Can you help me find the 2019 budget?').kind).not.toBe('smalltalk');
    expect(questionIntent('Great, what did the council decide?').kind).not.toBe('smalltalk');
  });

  it('recognises overviews and which end of the document they lean on', () => {
    expect(questionIntent('What is the paper about?')).toEqual({ kind: 'overview', focus: 'about' });
    expect(questionIntent('Can you summarize it for me?')).toEqual({ kind: 'overview', focus: 'about' });
    expect(questionIntent('What are the study’s key findings?')).toEqual({ kind: 'overview', focus: 'conclusions' });
    expect(questionIntent('What does the report conclude?')).toEqual({ kind: 'overview', focus: 'conclusions' });
    expect(questionIntent('What are the lessons of the study?')).toEqual({ kind: 'overview', focus: 'conclusions' });
    expect(questionIntent('What do the authors recommend?')).toEqual({ kind: 'overview', focus: 'conclusions' });
    expect(questionIntent('What measures does the paper propose?')).toEqual({ kind: 'overview', focus: 'conclusions' });
  });

  it('recognises questions about the document itself', () => {
    expect(questionIntent('Who wrote the paper?')).toEqual({ kind: 'metadata', slot: 'author' });
    expect(questionIntent('Who published this document?')).toEqual({ kind: 'metadata', slot: 'publisher' });
    expect(questionIntent('When was the study published?')).toEqual({ kind: 'metadata', slot: 'date' });
    // A question naming its own subject is a plain fact question.
    expect(questionIntent('Who wrote the 2006 report on Uyghur policy for the commission?').kind).toBe('fact');
  });

  it('recognises title, caption and loosely worded document questions', () => {
    expect(questionIntent('What is the title of this paper?')).toEqual({ kind: 'metadata', slot: 'title' });
    expect(questionIntent('What is the study called?')).toEqual({ kind: 'metadata', slot: 'title' });
    expect(questionIntent('What does Table 4 show?')).toEqual({ kind: 'metadata', slot: 'caption', label: 'Table 4' });
    expect(questionIntent('What is Annex B about?')).toEqual({ kind: 'metadata', slot: 'caption', label: 'Annex B' });
    expect(questionIntent('What is recorded in appendix 7?')).toEqual({ kind: 'metadata', slot: 'caption', label: 'Appendix 7' });
    // A question about the rows of a table is not a caption question.
    expect(questionIntent('What does Table 4 show for 2019?').kind).not.toBe('metadata');
    expect(questionIntent('Who is the writer of this publication?')).toEqual({ kind: 'metadata', slot: 'author' });
    expect(questionIntent('Which think tank is behind the paper?')).toEqual({ kind: 'metadata', slot: 'publisher' });
    expect(questionIntent('In what month and year was the study released?')).toEqual({ kind: 'metadata', slot: 'date' });
    // A document named by a few words: the answerer checks them against the document card.
    expect(questionIntent('Who is the author of the RAND study on Arctic shipping?')).toEqual({ kind: 'metadata', slot: 'author', qualifier: 'RAND Arctic shipping' });
  });

  it('finds the term of a definition question and whether it is an acronym', () => {
    expect(questionIntent('What does NATO stand for?')).toEqual({ kind: 'definition', term: 'NATO', acronym: true });
    expect(questionIntent('What is the Warsaw Pact?')).toEqual({ kind: 'definition', term: 'Warsaw Pact', acronym: false });
    expect(questionIntent('How does the report define soft power?')).toEqual({ kind: 'definition', term: 'soft power', acronym: false });
    expect(questionIntent('What was the size of the 2014 exercise?').kind).not.toBe('definition');
    expect(questionIntent('What is the name of the unit?').kind).not.toBe('definition');
  });

  it('separates reasons and mechanisms from counts', () => {
    expect(questionIntent('Why did the talks stall?')).toEqual({ kind: 'reason', mechanism: false });
    expect(questionIntent('How did the troops reach the border?')).toEqual({ kind: 'reason', mechanism: true });
    expect(questionIntent('How many troops took part?').kind).toBe('fact');
  });
});

describe('small talk is shared with the follow-up rewriter', () => {
  it('leaves small talk alone after a conversation instead of dragging in the last topic', async () => {
    const { standaloneQuestion } = await import('../../src/conversation/follow-up-rules.js');
    const history = [
      { role: 'user' as const, content: 'Which operator runs the night ferry?' },
      { role: 'assistant' as const, content: 'Bayline Marine runs it [1].' },
    ];
    for (const q of ['Thank you, that is everything for now', 'ok', 'got it!', "I'm done"]) expect(standaloneQuestion(q, history)).toBe(q);
    expect(questionIntent('ok')).toEqual({ kind: 'smalltalk', act: 'thanks' });
    expect(questionIntent("that's all")).toEqual({ kind: 'smalltalk', act: 'farewell' });
  });
});
