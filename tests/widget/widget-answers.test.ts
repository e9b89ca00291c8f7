import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { getTestServices } from '../helpers/test-index.js';
import { hasChromium, launchChromium, listen, SKIP_REASON, widget } from './browser.js';

const COUNT_QUESTION = 'How many security meetings did China hold with Tajikistan?';
/** Committed screenshots (README shows them). */
const IMAGES = path.resolve('docs/images');

if (!hasChromium) console.warn(`[widget answers] ${SKIP_REASON}`);

/**
 * Every word of every cell of `table`, with the cell's content width, the
 * word's width, and on how many lines each of its parts sits (a word may wrap
 * after a hyphen, as in print; never inside a part).
 */
function wordBoxes(table: Locator) {
  return table.evaluate((t) => {
    const out: Array<{ word: string; lines: number; cellWidth: number; wordWidth: number }> = [];
    const measure = (node: Node, start: number, end: number) => {
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, end);
      return range;
    };
    for (const cell of Array.from(t.querySelectorAll('th, td'))) {
      const style = getComputedStyle(cell);
      const cellWidth = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/\S+/g)) {
          const parts = Array.from(m[0].matchAll(/[^-‐–]+[-‐–]*/g)).map((p) => measure(node, m.index! + p.index!, m.index! + p.index! + p[0].length));
          const lines = Math.max(...parts.map((r) => new Set(Array.from(r.getClientRects()).filter((b) => b.width > 0).map((b) => Math.round(b.top))).size));
          out.push({ word: m[0], lines, cellWidth, wordWidth: measure(node, m.index!, m.index! + m[0].length).getBoundingClientRect().width });
        }
      }
    }
    return out;
  });
}

describe.skipIf(!hasChromium)('compact table answers, grouped sources, copy and feedback, in Chromium', () => {
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let tmp: string;
  let feedbackFile: string;
  const pageErrors: Error[] = [];
  let expected: { table: { columns: string[]; rows: string[][] }; citations: Array<{ n: number; chunkId: string; page: number | null; kind: string }> };

  const openPage = async (context: BrowserContext): Promise<Page> => {
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err));
    await page.goto(`${base}/`);
    await widget(page).panel.waitFor();
    return page;
  };
  const ask = async (page: Page, question: string, n = 0) => {
    const w = widget(page);
    await w.input.fill(question);
    await w.input.press('Enter');
    const answer = w.finished(n);
    await answer.waitFor();
    return answer;
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(IMAGES, `widget-${name}.png`) });

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'dossier-widget-answers-'));
    feedbackFile = path.join(tmp, 'feedback.jsonl');
    const { services } = await getTestServices({ SLACK_FEEDBACK_FILE: feedbackFile });
    app = await buildApp({ services });
    base = await listen(app);
    const res = await app.inject({ method: 'POST', url: '/api/ask', payload: { question: COUNT_QUESTION } });
    expected = res.json();
    expect(expected.table.rows.length).toBeGreaterThan(20);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('after a count question the lead sentence is in view without scrolling, and cells never break inside a word', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await openPage(context);
    // Two earlier answers, so the count answer is not the first thing in the pane.
    await ask(page, 'Since when has the SCO held annual security exercises?', 0);
    const answer = await ask(page, COUNT_QUESTION, 1);
    const list = page.locator('dossier-widget .messages');
    const lead = answer.locator('.body > :first-child');
    const [pane, leadBox] = [await list.boundingBox(), await lead.boundingBox()];
    expect(leadBox!.y).toBeGreaterThanOrEqual(pane!.y);
    expect(leadBox!.y + Math.min(leadBox!.height, 40)).toBeLessThanOrEqual(pane!.y + pane!.height);
    expect(await lead.textContent()).toMatch(new RegExp(`\\b${expected.table.rows.length}\\b`));
    await shot(page, 'count-answer-desktop');

    // The first rows are shown, all of them on request; a word is never split across lines.
    const table = answer.locator('.table-card table');
    await expect(table.locator('tbody tr').count()).resolves.toBe(8);
    await answer.getByRole('button', { name: `Show all ${expected.table.rows.length} rows` }).click();
    await expect(table.locator('tbody tr').count()).resolves.toBe(expected.table.rows.length);
    const words = await wordBoxes(table);
    expect(words.length).toBeGreaterThan(100);
    const broken = words.filter((w) => w.lines !== 1 || w.wordWidth > w.cellWidth + 0.5);
    expect(broken).toEqual([]);
    // Too wide for the pane: the table scrolls sideways instead of squeezing.
    const scroll = answer.locator('.table-scroll');
    const overflow = await scroll.evaluate((s) => ({ scroll: s.scrollWidth, client: s.clientWidth }));
    expect(overflow.scroll).toBeGreaterThan(overflow.client);
    await answer.getByRole('button', { name: /Show first 8 rows/ }).click();

    await page.setViewportSize({ width: 375, height: 740 });
    await answer.locator('.body').scrollIntoViewIfNeeded();
    expect(await wordBoxes(table).then((ws) => ws.filter((w) => w.lines !== 1 || w.wordWidth > w.cellWidth + 0.5))).toEqual([]);
    await page.evaluate(() => {
      const root = document.querySelector('dossier-widget')!.shadowRoot!;
      const list = root.querySelector('.messages')!;
      const article = root.querySelectorAll('article.assistant')[1] as HTMLElement;
      list.scrollTop += article.getBoundingClientRect().top - list.getBoundingClientRect().top - 12;
    });
    await shot(page, 'count-answer-375px');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'count-answer-dark');
    await context.close();
  });

  it('copies the table as CSV and TSV, downloads it, and shows it expanded full width', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await openPage(context);
    const answer = await ask(page, COUNT_QUESTION);
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

    await answer.locator('[data-action="copy-tsv"]').click();
    await expect.poll(clipboard).toMatch(/\t/);
    const tsv = (await clipboard()).trimEnd().split('\n').map((line) => line.split('\t'));
    expect(tsv).toEqual([expected.table.columns, ...expected.table.rows]);

    await answer.locator('[data-action="copy-csv"]').click();
    await expect.poll(clipboard).toMatch(/,/);
    const csv = await clipboard();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(expected.table.rows.length + 1);
    expect(lines[0]).toBe(expected.table.columns.map((c) => (/[",]/.test(c) ? `"${c}"` : c)).join(','));
    // Each row's cells, in order, as CSV fields (quoted when they hold a comma or quote).
    expected.table.rows.forEach((row, i) => expect(lines[i + 1]).toBe(row.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')));

    const [download] = await Promise.all([page.waitForEvent('download'), answer.locator('[data-action="download-csv"]').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(await readFile((await download.path())!, 'utf8')).toBe(csv);

    await answer.locator('[data-action="expand"]').click();
    const overlay = page.getByRole('dialog', { name: /^Table:/ });
    await overlay.waitFor();
    await expect(overlay.locator('tbody tr').count()).resolves.toBe(expected.table.rows.length);
    const box = (await overlay.boundingBox())!;
    expect(box.width).toBe(1280);
    // The header stays visible while the rows scroll.
    const scroller = overlay.locator('.table-scroll');
    await scroller.evaluate((s) => (s.scrollTop = 600));
    const [header, area] = [await overlay.locator('thead th').first().boundingBox(), await scroller.boundingBox()];
    expect(Math.abs(header!.y - area!.y)).toBeLessThanOrEqual(2);
    await scroller.evaluate((s) => (s.scrollTop = 0));
    await shot(page, 'table-expanded-desktop');
    await page.setViewportSize({ width: 375, height: 740 });
    await shot(page, 'table-expanded-375px');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'table-expanded-dark');
    // Focus stays inside the dialog.
    for (let i = 0; i < 7; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.querySelector('dossier-widget')!.shadowRoot!.activeElement?.closest('.overlay'))).toBe(true);
    await page.keyboard.press('Escape');
    await expect(overlay.count()).resolves.toBe(0);
    // Focus returns to the button that opened it.
    expect(await page.evaluate(() => document.querySelector('dossier-widget')!.shadowRoot!.activeElement?.getAttribute('data-action'))).toBe('expand');
    await expect(widget(page).panel.isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('groups the table rows into one source whose link opens the document at the cited page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await openPage(context);
    const answer = await ask(page, COUNT_QUESTION);
    const rowCitations = expected.citations.filter((c) => c.kind === 'table-row');
    const group = answer.locator('details.source.rows');
    await expect(group.count()).resolves.toBe(1);
    // One grouped entry for the rows plus one per other citation.
    await expect(answer.locator('.source-list > li').count()).resolves.toBe(expected.citations.length - rowCitations.length + 1);
    const summary = (await group.locator('summary').textContent())!;
    expect(summary).toContain(`${rowCitations.length} rows`);
    expect(summary).toMatch(/pp?\. \d+/);
    expect(summary).toContain("China's Security Management Towards Central Asia");
    expect(summary).not.toMatch(/\.md\b|china-security-management/);

    // A row's chip opens the group and lands on that row.
    const chip = answer.locator('.body .chip').nth(2);
    await answer.getByRole('button', { name: 'Show the full answer text' }).click();
    await chip.click();
    await expect(group.getAttribute('open')).resolves.toBe('');
    const row = answer.locator(`li#${await chip.getAttribute('aria-controls')}`);
    await expect(row.isVisible()).resolves.toBe(true);
    const n = Number(await chip.textContent());
    expect(await row.getAttribute('data-n')).toBe(String(n));

    const link = group.locator('a.open');
    const href = (await link.getAttribute('href'))!;
    const url = new URL(href);
    const firstPage = Math.min(...rowCitations.map((c) => c.page!));
    expect(url.pathname).toBe(`/documents/${rowCitations[0].chunkId.split('#')[0]}`);
    expect(url.hash).toBe(`#page=${firstPage}`);
    const res = await fetch(new URL(url.pathname, base), { headers: { range: 'bytes=0-4' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(await res.text()).toBe('%PDF-');
    await group.locator('summary').scrollIntoViewIfNeeded();
    await shot(page, 'source-opened-desktop');
    await page.setViewportSize({ width: 375, height: 740 });
    await group.locator('summary').evaluate((s) => s.scrollIntoView({ block: 'start' }));
    await shot(page, 'source-opened-375px');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'source-opened-dark');
    await context.close();
  });

  it('sends 👍 with a comment to the feedback store and shows that it was recorded', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await openPage(context);
    const answer = await ask(page, 'Since when has the SCO held annual security exercises?');
    await answer.locator('[data-action="copy-answer"]').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/\nSources\n\[1\] /);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain((await answer.locator('.body').textContent())!.slice(0, 30));
    expect(copied).toMatch(/\[1\] China's Security Management Towards Central Asia, .+, p\. \d+: “/);

    await answer.getByRole('button', { name: 'Helpful', exact: true }).click();
    await answer.getByRole('textbox', { name: 'Comment (optional)' }).fill('Clear and cited.');
    await shot(page, 'feedback-form-desktop');
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/feedback') && r.method() === 'POST');
    await answer.getByRole('button', { name: 'Send feedback' }).click();
    await answer.locator('.feedback-done').waitFor();
    const records = (await readFile(feedbackFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toHaveLength(1);
    // The widget sent the server's answerId from the done event, and the server knew it (an unknown id is refused).
    const sentBody = (await sent).postDataJSON();
    expect(sentBody.answerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(records[0].answerId).toBe(sentBody.answerId);
    expect(records[0]).toMatchObject({ surface: 'widget', rating: 'helpful', comment: 'Clear and cited.', question: 'Since when has the SCO held annual security exercises?', mode: 'extractive' });
    expect(records[0].citations.length).toBeGreaterThan(0);
    expect(records[0].answer).toMatch(/\[1\]/);
    await expect(answer.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')).resolves.toBe('true');
    await shot(page, 'feedback-sent-desktop');
    await page.setViewportSize({ width: 375, height: 740 });
    await answer.locator('.answer-foot').scrollIntoViewIfNeeded();
    await shot(page, 'feedback-sent-375px');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'feedback-sent-dark');
    // The rating survives a reload (it is not sent twice).
    await page.reload();
    await widget(page).finished(0).waitFor();
    await expect(widget(page).finished(0).locator('.feedback-done').count()).resolves.toBe(1);
    await context.close();
  });

  it('shows a feedback write that failed on the server and keeps the form to try again', async () => {
    const blocker = path.join(tmp, 'blocker');
    await writeFile(blocker, 'a file where the feedback folder should be');
    const { services } = await getTestServices({ SLACK_FEEDBACK_FILE: path.join(blocker, 'feedback.jsonl') });
    const failing = await buildApp({ services });
    const failingBase = await listen(failing);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err));
      await page.goto(`${failingBase}/`);
      const answer = await ask(page, 'Since when has the SCO held annual security exercises?');
      await answer.getByRole('button', { name: 'Not helpful' }).click();
      await answer.getByRole('button', { name: 'Send feedback' }).click();
      const problem = answer.locator('.feedback-error');
      await expect.poll(() => problem.textContent()).toMatch(/could not be saved/);
      await expect(answer.getByRole('button', { name: 'Send feedback' }).isEnabled()).resolves.toBe(true);
      await expect(answer.locator('.feedback-done').count()).resolves.toBe(0);
      await context.close();
    } finally {
      await failing.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
