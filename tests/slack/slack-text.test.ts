import { describe, expect, it } from 'vitest';
import { markdownToMrkdwn, mentionsUser, questionFromSlackText, shorten, splitText } from '../../src/slack/slack-text.js';

describe('markdownToMrkdwn', () => {
  it('converts bold, italic, headings, bullets and links to Slack syntax', () => {
    expect(markdownToMrkdwn('**bold** and *italic* and __also bold__')).toBe('*bold* and _italic_ and *also bold*');
    expect(markdownToMrkdwn('## Findings')).toBe('*Findings*');
    expect(markdownToMrkdwn('- one\n* two')).toBe('• one\n• two');
    expect(markdownToMrkdwn('see [FPRI](https://www.fpri.org/report)')).toBe('see <https://www.fpri.org/report|FPRI>');
  });

  it('keeps citation markers and escapes Slack control characters', () => {
    expect(markdownToMrkdwn('Troops < 300 & rising [1] [2].')).toBe('Troops &lt; 300 &amp; rising [1] [2].');
  });

  it('leaves code untouched apart from escaping', () => {
    expect(markdownToMrkdwn('run `a **b** c` now')).toBe('run `a **b** c` now');
  });
});

describe('questionFromSlackText', () => {
  it("removes the bot's mention wherever it is and decodes Slack syntax", () => {
    expect(questionFromSlackText('<@UBOT> what about <#C1|general> &amp; <https://x.org|this>?', 'UBOT')).toBe('what about #general & this?');
    expect(questionFromSlackText('so, <@UBOT|dossier> what is the CSTO?', 'UBOT')).toBe('so, what is the CSTO?');
  });

  it('keeps other mentions readable and strips only a leading mention when the bot id is unknown', () => {
    expect(questionFromSlackText('<@UBOT> ask <@U2|ann> about it')).toBe('ask @ann about it');
  });

  it('finds mentions of a given user', () => {
    expect(mentionsUser('hi <@UBOT>', 'UBOT')).toBe(true);
    expect(mentionsUser('hi <@UBOT2>', 'UBOT')).toBe(false);
  });
});

describe('splitText', () => {
  it('keeps every part within the limit and loses no words', () => {
    const text = Array.from({ length: 300 }, (_, i) => `Sentence number ${i} about security cooperation [${(i % 3) + 1}].`).join(' ');
    const parts = splitText(text, 500);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(500);
    expect(parts.join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
    for (const p of parts) expect(p).toMatch(/\.$/);
  });

  it('prefers paragraph breaks and hard-cuts only a word longer than the limit', () => {
    expect(splitText(`${'a '.repeat(30)}\n\n${'b '.repeat(30)}`, 70)).toEqual(['a '.repeat(30).trim(), 'b '.repeat(30).trim()]);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});

describe('shorten', () => {
  it('cuts at a word boundary and marks the cut', () => {
    const s = shorten('the quick brown fox jumps over the lazy dog', 20);
    expect(s.length).toBeLessThanOrEqual(20);
    expect(s.endsWith('…')).toBe(true);
    expect('the quick brown fox jumps'.startsWith(s.slice(0, -1))).toBe(true);
    expect(shorten('short', 20)).toBe('short');
  });
});
