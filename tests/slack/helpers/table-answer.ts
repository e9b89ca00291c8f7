import { expect } from 'vitest';
import type { Answer, Citation } from '../../../src/core/types.js';
import { BLOCK_LIMITS, type Block, type SlackMessage } from '../../../src/slack/blocks.js';

export const COLUMNS = ['Country', 'Central Asian side', 'China', 'Date', 'Location', 'Size (in personnel)', 'Agenda'];
export const TITLE = 'Security-related training and exchange between China and Central Asian states from 2000 to 2020';
const SECTION = `Appendix › Appendix 4. ${TITLE}`;
const COUNTRIES = ['Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Uzbekistan'];

/** A table answer of `n` rows in the shape the table answerer gives today: a long listing text, one citation per row, the rows in `table`. */
export function tableAnswer(n: number): Answer {
  const rows = Array.from({ length: n }, (_, i) => [
    COUNTRIES[i % 4],
    `Ministry of Internal Affairs delegation ${i + 1}`,
    i % 3 ? 'Ministry of Public Security' : 'People’s Armed Police & Border Defense <Academy>',
    `${['March', 'June', 'October'][i % 3]} ${2000 + (i % 21)}`,
    i % 2 ? 'Urumqi' : 'Beijing, Xi’an and Kunming',
    String(20 + i),
    i % 5 ? `Training course on counter-terrorism, border control and criminal investigation, session ${i + 1}` : `Joint "Peace Mission" exercise, session ${i + 1}`,
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
export function visibleText(blocks: Block[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === 'section') return [mrkdwnToPlain(b.text.text)];
    if (b.type === 'context') return b.elements.map((e) => mrkdwnToPlain(e.text));
    if (b.type === 'table') return b.rows.map((r) => r.map((c) => c.text).join(' | '));
    return [];
  });
}

export function expectWithinSlackLimits(messages: SlackMessage[]) {
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
