import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/core/types.js';
import { BLOCK_LIMITS, type Block, type SlackMessage } from '../../src/slack/blocks.js';
import { ACTION_IDS, formatAnswer, TABLE_PREVIEW_ROWS } from '../../src/slack/format-answer.js';

const COLUMNS = ['Country', 'Central Asian side', 'China', 'Date', 'Location', 'Size (in personnel)', 'Agenda'];
const TITLE = 'Security-related training and exchange between China and Central Asian states from 2000 to 2020';
const SECTION = `Appendix › Appendix 4. ${TITLE}`;
const COUNTRIES = ['Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Uzbekistan'];

/** A table answer of `n` rows in the shape the table answerer gives today: a long listing text, one citation per row, the rows in `table`. */
function tableAnswer(n: number): Answer {
  const rows = Array.from({ length: n }, (_, i) => [
    COUNTRIES[i % 4],
    `Ministry of Internal Affairs delegation ${i + 1}`,
    i % 3 ? 'Ministry of Public Security' : 'People’s Armed Police & Border Defense <Academy>',
    `${['March', 'June', 'October'][i % 3]} ${2000 + (i % 21)}`,
    i % 2 ? 'Urumqi' : 'Beijing, Xi’an and Kunming',
    String(20 + i),
    `Training course on counter-terrorism, border control and criminal investigation, session ${i + 1}`,
  ]);
  const citations: Citation[] = rows.map((r, i) => ({
    n: i + 1,
    chunkId: `report#table-row-${400 + i}`,
    source: 'china-security-management-central-asia.md',
    section: SECTION,
    page: 31 + Math.floor(i / 25),
    kind: 'table-row',
    quote: `Appendix 4 — ${TITLE}. ${r[0]}–China. ${COLUMNS.slice(1).map((c, j) => `${c}: ${r[j + 1]}`).join('; ')}.`,
  }));
  citations.push({ n: n + 1, chunkId: 'report#prose-88', source: 'china-security-management-central-asia.md', section: 'Bilateral Security Activities › Military Education', page: 24, kind: 'prose', quote: 'Training programs have expanded every year since 2000.' });
  const listed = rows.slice(0, 30).map((r, i) => `${r[3]} (${r[0]}, ${r[4]}) [${i + 1}]`).join('; ');
  return {
    answer: `Appendix 4 lists ${n} security-related training and exchange entries: ${listed}; and ${n - 30} more ${citations.slice(30, n).map((c) => `[${c.n}]`).join('')}. The report's text gives the same trend: "Training programs have expanded every year since 2000." [${n + 1}]`,
    abstained: false,
    mode: 'table',
    citations,
    table: { appendix: 4, title: TITLE, columns: COLUMNS, rows },
  };
}

const mrkdwnToPlain = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Every piece of text a reader can see in a message: sections, context lines and table cells. */
function visibleText(blocks: Block[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === 'section') return [mrkdwnToPlain(b.text.text)];
    if (b.type === 'context') return b.elements.map((e) => mrkdwnToPlain(e.text));
    if (b.type === 'table') return b.rows.map((r) => r.map((c) => c.text).join(' | '));
    return [];
  });
}

function expectWithinSlackLimits(messages: SlackMessage[]) {
  for (const m of messages) {
    expect(m.blocks.length).toBeLessThanOrEqual(BLOCK_LIMITS.messageBlocks);
    expect(m.text.length).toBeGreaterThan(0);
    expect(m.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.messageText);
    expect(m.blocks.filter((b) => b.type === 'table').length).toBeLessThanOrEqual(BLOCK_LIMITS.messageTables);
    for (const b of m.blocks) {
      if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.sectionText);
      if (b.type === 'context') {
        expect(b.elements.length).toBeLessThanOrEqual(BLOCK_LIMITS.contextElements);
        for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.sectionText);
      }
      if (b.type === 'table') {
        expect(b.rows.length).toBeLessThanOrEqual(BLOCK_LIMITS.tableRows);
        for (const r of b.rows) expect(r.length).toBeLessThanOrEqual(BLOCK_LIMITS.tableColumns);
      }
    }
    expect(JSON.stringify(m).length).toBeLessThan(BLOCK_LIMITS.messageText);
  }
  // The answer itself is short (the old format sent one 46 kB message); long row lists go to follow-ups.
  expect(JSON.stringify(messages[0]).length).toBeLessThan(8_000);
}

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
