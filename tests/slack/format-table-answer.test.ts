import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/types.js';
import { ACTION_IDS, formatAnswer, TABLE_PREVIEW_ROWS, tableCsvFile } from '../../src/slack/format-answer.js';
import { COLUMNS, expectWithinSlackLimits, tableAnswer, visibleText } from './helpers/table-answer.js';

describe('formatAnswer: a table answer in Slack', () => {
  const answer = tableAnswer(76);
  const messages = formatAnswer(answer, { feedbackValue: 'fv' });

  it('fits Slack’s limits: blocks, characters, one table per message, two messages', () => {
    expect(messages).toHaveLength(2);
    expectWithinSlackLimits(messages);
  });

  it('leads with the result sentence, then the first rows as a table block, one grouped source and the buttons', () => {
    const [first] = messages;
    const lead = first.blocks[0];
    expect(lead.type === 'section' && lead.text.text).toBe('Appendix 4 lists 76 security-related training and exchange entries.');
    expect(first.text).toBe('Appendix 4 lists 76 security-related training and exchange entries.');
    const table = first.blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows.map((r) => r.map((c) => c.text))).toEqual([COLUMNS, ...answer.table!.rows.slice(0, TABLE_PREVIEW_ROWS)]);
    const sourceLines = first.blocks.filter((b) => b.type === 'context' && b.block_id?.startsWith('sources')).flatMap((b) => (b.type === 'context' ? b.elements.map((e) => e.text) : []));
    expect(sourceLines[0]).toBe('*Sources*');
    expect(sourceLines).toHaveLength(3);
    expect(sourceLines[1]).toBe("*[1–76]* China security management central asia · Appendix 4 · pp. 31–34 · 76 rows");
    expect(sourceLines[2]).toMatch(/^\*\[77\]\* Bilateral Security Activities › Military Education, p\. 24 · /);
    expect(sourceLines.join('\n')).not.toMatch(/\.md\b/);
    const actions = first.blocks.find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.elements.map((e) => e.action_id)).toEqual([ACTION_IDS.helpful, ACTION_IDS.notHelpful]);
  });

  it('keeps every row reachable: the first in the table, the rest numbered in the follow-up', () => {
    const text = messages.flatMap((m) => visibleText(m.blocks)).join('\n');
    answer.table!.rows.forEach((row, i) => {
      if (i < TABLE_PREVIEW_ROWS) return;
      const line = text.split('\n').find((l) => l.startsWith(`*${i + 1}.* `));
      expect(line, `row ${i + 1}`).toBeDefined();
      for (const cell of row) expect(line, `row ${i + 1}`).toContain(cell);
    });
    const table = messages[0].blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows.length).toBe(TABLE_PREVIEW_ROWS + 1);
    expect(visibleText(messages[1].blocks)[0]).toMatch(/^\*Rows 11–76 of _Security-related training/);
  });

  it('escapes Slack’s control characters in rows', () => {
    const follow = messages[1].blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : [])).join('\n');
    expect(follow).toContain('People’s Armed Police &amp; Border Defense &lt;Academy&gt;');
    expect(follow).not.toMatch(/ & |<Academy>/);
  });

  it('sends a short table in one message and no follow-up', () => {
    const small = formatAnswer(tableAnswer(5));
    expect(small).toHaveLength(1);
    expectWithinSlackLimits(small);
    const table = small[0].blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows.length).toBe(6);
  });

  it('takes the new table answers too: a lead sentence, a table with extra fields, a title on citations', () => {
    const base = tableAnswer(40);
    const next = {
      ...base,
      answer: 'Appendix 4 lists 40 training entries, 2000–2020. [1]',
      citations: base.citations.map((c) => ({ ...c, title: "China's Security Management Towards Central Asia" })),
      table: { ...base.table!, query: { appendix: 4 }, sql: 'SELECT …' },
    } as Answer;
    const out = formatAnswer(next);
    expectWithinSlackLimits(out);
    expect(out[0].blocks[0].type === 'section' && out[0].blocks[0].text.text).toBe('Appendix 4 lists 40 training entries, 2000–2020.');
    const lines = out[0].blocks.flatMap((b) => (b.type === 'context' ? b.elements.map((e) => e.text) : []));
    expect(lines).toContain("*[1–40]* China's Security Management Towards Central Asia · Appendix 4 · pp. 31–32 · 40 rows");
  });
});

describe('a long table answer with its rows as a CSV file', () => {
  const answer = tableAnswer(76);

  it('is one message within Slack’s limits whose note points at the file', () => {
    const messages = formatAnswer(answer, { feedbackValue: 'fv', rowsAsFile: true });
    expect(messages).toHaveLength(1);
    expectWithinSlackLimits(messages);
    const text = visibleText(messages[0].blocks).join('\n');
    expect(text).toContain('Showing 10 of 76 rows');
    expect(text).toMatch(/CSV file in this thread/);
    expect(text).not.toMatch(/next message/);
  });

  it('puts the header and all 76 rows in the file, quoted per RFC 4180', () => {
    const file = tableCsvFile(answer)!;
    expect(file.filename).toMatch(/^security-related-training[a-z0-9-]*\.csv$/);
    expect(file.content.endsWith('\r\n')).toBe(true);
    const records: string[][] = parse(file.content, { relax_column_count: false });
    expect(records).toEqual([COLUMNS, ...answer.table!.rows]);
    expect(file.content).toContain('"Joint ""Peace Mission"" exercise, session 1"');
    expect(file.comment).toMatch(/^All 76 rows of _Security-related training/);
  });

  it('is not made for short tables, abstentions or text answers', () => {
    expect(tableCsvFile(tableAnswer(TABLE_PREVIEW_ROWS))).toBeNull();
    expect(tableCsvFile({ ...answer, abstained: true })).toBeNull();
    const { table: _t, ...text } = answer;
    expect(tableCsvFile(text as Answer)).toBeNull();
    expect(formatAnswer(tableAnswer(TABLE_PREVIEW_ROWS), { rowsAsFile: true })).toHaveLength(1);
  });
});
