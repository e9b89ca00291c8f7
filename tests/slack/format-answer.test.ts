import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/types.js';
import type { Block, ContextBlock, SectionBlock } from '../../src/slack/blocks.js';
import { ABSTENTION_LEAD, ACTION_IDS, formatAnswer } from '../../src/slack/format-answer.js';
import { CITED_ANSWER } from './helpers/ask-double.js';

const sections = (blocks: Block[]) => blocks.filter((b): b is SectionBlock => b.type === 'section');
const sources = (blocks: Block[]) => blocks.filter((b): b is ContextBlock => b.type === 'context' && !!b.block_id?.startsWith('sources'));

describe('formatAnswer', () => {
  it('renders mrkdwn with the [n] markers and a Sources block with section, page and quote per citation', () => {
    const [message, ...rest] = formatAnswer(CITED_ANSWER, { feedbackValue: 'v' });
    expect(rest).toHaveLength(0);
    const body = sections(message.blocks).map((s) => s.text.text).join('\n');
    expect(body).toContain('*three evils*');
    expect(body).not.toContain('**');
    expect(body).toMatch(/\[1\].*\[2\]/s);
    const lines = sources(message.blocks).flatMap((b) => b.elements.map((e) => e.text));
    expect(lines[0]).toBe('*Sources*');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('Introduction › Threat perception');
    expect(lines[1]).toContain('p. 4');
    expect(lines[1]).toContain('three evils');
    expect(lines[2]).toMatch(/^\*\[2\]\* Multilateral cooperation, p\. 9/);
    expect(message.text.length).toBeGreaterThan(0);
  });

  it('adds helpful / not-helpful buttons carrying the given value, and a share button only when asked', () => {
    const withFeedback = formatAnswer(CITED_ANSWER, { feedbackValue: 'fv' })[0].blocks.find((b) => b.type === 'actions');
    expect(withFeedback?.type === 'actions' && withFeedback.elements.map((e) => [e.action_id, e.value])).toEqual([
      [ACTION_IDS.helpful, 'fv'],
      [ACTION_IDS.notHelpful, 'fv'],
    ]);
    const withShare = formatAnswer(CITED_ANSWER, { feedbackValue: 'fv', shareValue: 'sv' })[0].blocks.find((b) => b.type === 'actions');
    expect(withShare?.type === 'actions' && withShare.elements.map((e) => e.action_id)).toContain(ACTION_IDS.share);
    expect(formatAnswer(CITED_ANSWER)[0].blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('words an abstention clearly and lists no sources', () => {
    const abstention: Answer = { answer: 'The report does not appear to cover this question.', abstained: true, citations: [], mode: 'extractive' };
    const [message] = formatAnswer(abstention);
    expect(sections(message.blocks)[0].text.text.startsWith(ABSTENTION_LEAD)).toBe(true);
    expect(sources(message.blocks)).toHaveLength(0);
  });

  it('splits a long answer into section blocks of at most 3,000 characters, keeping every word', () => {
    const long = Array.from({ length: 400 }, (_, i) => `Finding ${i} concerns border security [1].`).join(' ');
    const messages = formatAnswer({ ...CITED_ANSWER, answer: long }, { feedbackValue: 'v' });
    const all = messages.flatMap((m) => sections(m.blocks));
    expect(all.length).toBeGreaterThan(5);
    for (const s of all) expect(s.text.text.length).toBeLessThanOrEqual(3000);
    expect(all.map((s) => s.text.text).join(' ').split(/\s+/)).toEqual(long.split(/\s+/));
    for (const m of messages) expect(m.blocks.length).toBeLessThanOrEqual(50);
  });

  it('spreads more than 50 blocks over several messages, sources and buttons closing the last', () => {
    const huge = Array.from({ length: 60 }, (_, i) => `Paragraph ${i}. ${'word '.repeat(580).trim()}.`).join('\n\n');
    const messages = formatAnswer({ ...CITED_ANSWER, answer: huge }, { feedbackValue: 'v' });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(sources(messages.at(-1)!.blocks)).toHaveLength(1);
    expect(messages.slice(0, -1).every((m) => sources(m.blocks).length === 0)).toBe(true);
    expect(messages.at(-1)!.blocks.at(-1)?.type).toBe('actions');
  });

  it('keeps context blocks within 10 elements when there are many citations', () => {
    const citations = Array.from({ length: 14 }, (_, i) => ({ ...CITED_ANSWER.citations[0], n: i + 1 }));
    const blocks = formatAnswer({ ...CITED_ANSWER, citations })[0].blocks;
    const ctx = sources(blocks);
    expect(ctx.length).toBe(2);
    for (const b of ctx) expect(b.elements.length).toBeLessThanOrEqual(10);
    expect(ctx.flatMap((b) => b.elements)).toHaveLength(15);
  });

  it('shortens long quotes and escapes control characters in them', () => {
    const quote = `${'border & security '.repeat(40)}<end>`;
    const lines = sources(formatAnswer({ ...CITED_ANSWER, citations: [{ ...CITED_ANSWER.citations[0], quote }] })[0].blocks)[0].elements;
    expect(lines[1].text.length).toBeLessThan(400);
    expect(lines[1].text).toContain('&amp;');
    expect(lines[1].text).not.toMatch(/ & /);
  });
});
