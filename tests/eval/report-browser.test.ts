import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compareReports } from '../../src/eval/compare.js';
import { parseDataset } from '../../src/eval/dataset.js';
import { buildReport } from '../../src/eval/report.js';
import { formatHtml } from '../../src/eval/report-html.js';
import { runEval } from '../../src/eval/runner.js';
import type { EvalTarget, TargetAnswer } from '../../src/eval/target.js';
import { hasChromium, launchChromium, SKIP_REASON } from '../widget/browser.js';

const items = parseDataset(
  [
    { id: 'f1', type: 'fact', question: 'Where is RATS based?', answers: ['Tashkent'], evidence: ['RATS is based in Tashkent'] },
    { id: 'f2', type: 'fact', question: 'Who wrote the report?', answers: ['Niva Yau'], evidence: ['Author: Niva Yau'] },
    { id: 't1', type: 'table', question: 'How many meetings with Kyrgyzstan?', answers: ['76'] },
    { id: 'u1', type: 'unanswerable', question: 'Capital of Australia?', answers: [] },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n'),
);

const contexts = [
  { chunkId: 'c9', score: 0.9, section: 'Intro', text: 'The report covers security.' },
  { chunkId: 'c1', score: 0.5, section: 'Multilateral', text: 'Established in 2004, RATS is based in Tashkent, Uzbekistan.' },
];
const replies = (fixed: boolean): Record<string, TargetAnswer> => ({
  'Where is RATS based?': { answer: fixed ? 'In Tashkent [1].' : 'In Bishkek [1].', abstained: false, citations: [{ n: 1, chunkId: 'c1', quote: 'RATS is based in Tashkent, Uzbekistan.' }], retrieved: contexts },
  'Who wrote the report?': { answer: 'Niva Yau [1]', abstained: false, citations: [{ n: 1, chunkId: 'c0', quote: 'Author: Niva Yau' }], retrieved: [] },
  'How many meetings with Kyrgyzstan?': fixed ? { answer: 'Not covered.', abstained: true, citations: [] } : { answer: '76 meetings', abstained: false, citations: [] },
  'Capital of Australia?': { answer: 'Not covered.', abstained: true, citations: [] },
});
const target = (id: string, fixed: boolean): EvalTarget => ({ id, ask: async ({ question }) => replies(fixed)[question] });

describe.skipIf(!hasChromium)(`report.html in Chromium${hasChromium ? '' : ` (${SKIP_REASON})`}`, () => {
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    const before = await runEval(items, target('dossier', false));
    const after = await runEval(items, target('dossier', true));
    const baseline = await runEval(items, target('bm25', false));
    const previous = buildReport('set.jsonl', new Map([['dossier', [before]]]));
    const report = buildReport('set.jsonl', new Map([['dossier', [after]], ['bm25', [baseline]]]), { dossier: 'Dossier in-process.', bm25: 'BM25 over sentences.' });
    report.comparison = compareReports(report, previous, { file: 'previous/results.json' });
    dir = await mkdtemp(path.join(tmpdir(), 'dossier-report-'));
    const file = path.join(dir, 'report.html');
    await writeFile(file, formatHtml(report));
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    for (const f of ['system', 'type', 'outcome', 'change']) await page.selectOption(`[data-filter=${f}]`, '');
    await page.fill('[data-filter=text]', '');
  });

  const visibleIds = () => page.locator('#question-table tbody.q:not([hidden])').evaluateAll((bs) => bs.map((b) => `${(b as HTMLElement).dataset.system}:${(b as HTMLElement).dataset.kId}`));

  it('lists every question of every system, failures first', async () => {
    const ids = await visibleIds();
    expect(ids).toHaveLength(8);
    expect(ids.slice(0, 2)).toEqual(['dossier:t1', 'bm25:f1']);
    await expect(page.locator('[data-count]').textContent()).resolves.toBe('8');
  });

  it('filters by outcome, system and type, and by text', async () => {
    await page.selectOption('[data-filter=outcome]', 'fail');
    expect(await visibleIds()).toEqual(['dossier:t1', 'bm25:f1']);
    await expect(page.locator('[data-count]').textContent()).resolves.toBe('2');
    await page.selectOption('[data-filter=system]', 'dossier');
    expect(await visibleIds()).toEqual(['dossier:t1']);
    await page.selectOption('[data-filter=outcome]', 'false-abstention');
    expect(await visibleIds()).toEqual(['dossier:t1']);
    await page.selectOption('[data-filter=outcome]', '');
    await page.selectOption('[data-filter=type]', 'fact');
    expect((await visibleIds()).sort()).toEqual(['dossier:f1', 'dossier:f2']);
    await page.selectOption('[data-filter=type]', '');
    await page.fill('[data-filter=text]', 'australia');
    expect(await visibleIds()).toEqual(['dossier:u1']);
    await page.fill('[data-filter=text]', '');
    await page.selectOption('[data-filter=system]', '');
    await page.selectOption('[data-filter=change]', 'regressed');
    expect(await visibleIds()).toEqual(['dossier:t1']);
    await page.selectOption('[data-filter=change]', 'fixed');
    expect(await visibleIds()).toEqual(['dossier:f1']);
    await page.selectOption('[data-filter=change]', '');
  });

  it('sorts by a column and back', async () => {
    await page.click('button[data-sort=id]');
    expect((await visibleIds()).map((x) => x.split(':')[1])).toEqual(['f1', 'f1', 'f2', 'f2', 't1', 't1', 'u1', 'u1']);
    await expect(page.locator('th:has(button[data-sort=id])').getAttribute('aria-sort')).resolves.toBe('ascending');
    await page.click('button[data-sort=id]');
    expect((await visibleIds())[0].split(':')[1]).toBe('u1');
  });

  it('expands a question to its answer, gold, citations and retrieved contexts with the evidence marked', async () => {
    const body = page.locator('#question-table tbody.q[data-system=dossier][data-k-id=f1]');
    const detail = body.locator('tr.detail');
    await expect(detail.isHidden()).resolves.toBe(true);
    await body.locator('tr.row td').nth(5).click();
    await expect(detail.isVisible()).resolves.toBe(true);
    await expect(body.locator('.toggle').getAttribute('aria-expanded')).resolves.toBe('true');
    const text = await detail.innerText();
    expect(text).toContain('In Tashkent [1].');
    expect(text).toContain('RATS is based in Tashkent');
    expect(text).toContain('Retrieved contexts (top 2 of 2) · gold evidence first at rank 2');
    const marks = await detail.locator('ol.contexts > li').evaluateAll((lis) => lis.map((li) => li.classList.contains('hit')));
    expect(marks).toEqual([false, true]);
    expect(text).toMatch(/Previous run\s+wrong answer → correct/);
    expect(text).toContain('before: In Bishkek [1].');
  });

  it('shows the comparison: counts, per-type deltas and links to the moved questions', async () => {
    const section = page.locator('#comparison');
    const text = await section.innerText();
    expect(text).toMatch(/1 regressed, 1 fixed, 2 unchanged/);
    expect(text).toMatch(/table\s+1\s+0\.0% \(−100\.0 pp\)/);
    await section.locator('a[data-open]').first().click();
    await expect(page.locator('#question-table tbody.q[data-system=dossier][data-k-id=t1] tr.detail').isVisible()).resolves.toBe(true);
  });
});
