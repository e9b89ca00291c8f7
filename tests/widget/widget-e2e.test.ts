import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { getTestServices } from '../helpers/test-index.js';
import { focusedInWidget, hasChromium, launchChromium, listen, OUTPUT_DIR, SKIP_REASON, widget } from './browser.js';

if (!hasChromium) console.warn(`[widget e2e] ${SKIP_REASON}`);

describe.skipIf(!hasChromium)('widget on the demo page, in Chromium', () => {
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  let streaming: boolean;
  const sent: Array<{ path: string; body: { question: string; history?: Array<{ role: string; content: string }>; conversationId?: string } }> = [];
  const pageErrors: Error[] = [];
  const streamTypes: string[] = [];

  beforeAll(async () => {
    const { services } = await getTestServices();
    app = await buildApp({ services });
    base = await listen(app);
    streaming = app.hasRoute({ method: 'POST', url: '/api/chat' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (err) => pageErrors.push(err));
    page.on('response', (res) => {
      if (new URL(res.url()).pathname === '/api/chat') streamTypes.push(res.headers()['content-type'] ?? '');
    });
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (req.method() === 'POST' && url.pathname.startsWith('/api/')) sent.push({ path: url.pathname, body: req.postDataJSON() });
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('opens on the demo page with a greeting and three example questions, focus-ready', async () => {
    await page.goto(`${base}/`);
    const w = widget(page);
    await expect(w.panel.isVisible()).resolves.toBe(true);
    await expect(page.getByRole('group', { name: 'Example questions' }).getByRole('button').count()).resolves.toBe(3);
    await expect(w.launcher.getAttribute('aria-expanded')).resolves.toBe('true');
  });

  it('asks a question with the keyboard and shows the streamed answer with citation chips', async () => {
    const w = widget(page);
    await w.input.focus();
    await page.keyboard.type('Since when has the SCO held annual security exercises?');
    await page.keyboard.press('Enter');
    const answer = w.finished(0);
    await answer.waitFor();
    // /api/chat streams; a server without it answers through the /api/ask fallback.
    expect(sent.map((r) => r.path)).toEqual(streaming ? ['/api/chat'] : ['/api/chat', '/api/ask']);
    expect(sent[0].body.history ?? []).toEqual([]);
    if (streaming) expect(streamTypes[0]).toMatch(/^text\/event-stream/);
    await expect(answer.getAttribute('class')).resolves.not.toMatch(/abstained|error/);
    const chips = answer.locator('.chip');
    expect(await chips.count()).toBeGreaterThan(0);
    expect(await answer.locator('.sources details').count()).toBe(await answer.locator('.sources li').count());
    // The input is cleared and keeps focus for the next question.
    await expect(w.input.inputValue()).resolves.toBe('');
    expect(await focusedInWidget(page)).toBe('textarea.input');
  });

  it('opens the cited quote when a citation chip is clicked', async () => {
    const answer = widget(page).finished(0);
    const chip = answer.locator('.chip').first();
    const sourceId = await chip.getAttribute('aria-controls');
    const source = answer.locator(`details#${sourceId}`);
    await expect(source.locator('blockquote').isVisible()).resolves.toBe(false);
    await chip.click();
    await expect(source.getAttribute('open')).resolves.toBe('');
    const quote = source.locator('blockquote');
    await expect(quote.isVisible()).resolves.toBe(true);
    expect((await quote.textContent())!.length).toBeGreaterThan(20);
    expect(await source.locator('summary').textContent()).toMatch(/^\[\d+\]/);
    await expect(chip.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'demo-desktop-light.png') });
  });

  it('keeps Shift+Enter as a newline and sends a follow-up with the history and conversation id', async () => {
    const w = widget(page);
    await w.input.focus();
    await page.keyboard.type('line one');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('line two');
    await expect(w.input.inputValue()).resolves.toBe('line one\nline two');
    await expect(w.userMessages.count()).resolves.toBe(1);
    await w.input.fill('');
    await page.keyboard.type('Where did China and Tajikistan hold their bilateral exercise in August 2019?');
    await page.keyboard.press('Enter');
    await w.finished(1).waitFor();
    const followUp = sent.at(-1)!;
    expect(followUp.body.question).toMatch(/Tajikistan/);
    expect(followUp.body.history?.map((t) => t.role)).toEqual(['user', 'assistant']);
    expect(followUp.body.history?.[0].content).toBe('Since when has the SCO held annual security exercises?');
    expect(followUp.body.conversationId).toMatch(/\S/);
    await expect(w.finished(1).getAttribute('class')).resolves.not.toMatch(/error/);
  });

  it('keeps the conversation across a page reload', async () => {
    await page.reload();
    const w = widget(page);
    await w.finished(1).waitFor();
    await expect(w.userMessages.count()).resolves.toBe(2);
    expect(await w.finished(0).locator('.chip').count()).toBeGreaterThan(0);
    await expect(w.panel.isVisible()).resolves.toBe(true);
  });

  it('shows an abstention differently from an answer', async () => {
    const w = widget(page);
    await w.input.fill('What is a good recipe for chocolate cake?');
    await w.input.press('Enter');
    const answer = w.finished(2);
    await answer.waitFor();
    await expect(answer.getAttribute('class')).resolves.toMatch(/abstained/);
    await expect(answer.locator('.badge').textContent()).resolves.toBe('Not covered by the report');
    await expect(answer.locator('.chip').count()).resolves.toBe(0);
  });

  it('stops a pending answer with the stop button and can start a new conversation', async () => {
    const w = widget(page);
    // Hold the request open so the answer is pending, independent of server speed.
    await page.route('**/api/*', () => {});
    await w.input.fill('Which countries are the most responsive to Chinese security engagement?');
    await w.input.press('Enter');
    const stop = page.getByRole('button', { name: 'Stop answering' });
    await stop.waitFor();
    await expect(w.answers.nth(3).getAttribute('aria-busy')).resolves.toBe('true');
    await stop.click();
    await w.finished(3).waitFor();
    await expect(w.finished(3).locator('.note').textContent()).resolves.toMatch(/Stopped/);
    await expect(page.getByRole('button', { name: 'Send question' }).isVisible()).resolves.toBe(true);
    await page.unroute('**/api/*');

    await page.getByRole('button', { name: 'New conversation' }).click();
    await expect(w.answers.count()).resolves.toBe(0);
    expect(await focusedInWidget(page)).toBe('textarea.input');
    await page.reload();
    await widget(page).panel.waitFor();
    await expect(widget(page).answers.count()).resolves.toBe(0);
  });

  it('closes with Escape returning focus to the launcher, and reopens with the keyboard', async () => {
    const w = widget(page);
    await w.input.focus();
    await page.keyboard.press('Escape');
    await expect(w.panel.isHidden()).resolves.toBe(true);
    expect(await focusedInWidget(page)).toBe('button.launcher');
    await page.keyboard.press('Enter');
    await expect(w.panel.isVisible()).resolves.toBe(true);
    expect(await focusedInWidget(page)).toBe('textarea.input');
  });

  it('is readable at 320 px and in dark mode', async () => {
    const w = widget(page);
    await w.input.fill('How long is the border that Xinjiang shares with Kazakhstan, Kyrgyzstan and Tajikistan?');
    await w.input.press('Enter');
    await w.finished(0).waitFor();
    await w.finished(0).locator('.chip').first().click();
    await page.setViewportSize({ width: 320, height: 640 });
    const box = (await w.panel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    const overflow = await page.evaluate(() => {
      const list = document.querySelector('dossier-widget')!.shadowRoot!.querySelector('.messages')!;
      return list.scrollWidth - list.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'demo-320px-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => {
      const panel = document.querySelector('dossier-widget')!.shadowRoot!.querySelector('.panel')!;
      return getComputedStyle(panel).backgroundColor;
    });
    expect(background).toBe('rgb(21, 23, 28)');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'demo-320px-dark.png') });
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'demo-desktop-dark.png') });
    expect(pageErrors).toEqual([]);
  });

  it('falls back to /api/ask when the server has no /api/chat', async () => {
    const w = widget(page);
    await page.route('**/api/chat', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"statusCode":404,"code":"NOT_FOUND","error":"Not Found","message":"No route"}' }));
    const before = sent.length;
    await w.input.fill('Where did China and Tajikistan hold their bilateral exercise in August 2019?');
    await w.input.press('Enter');
    const answer = w.finished(1);
    await answer.waitFor();
    await page.unroute('**/api/chat');
    expect(sent.slice(before).map((r) => r.path)).toEqual(['/api/chat', '/api/ask']);
    expect(sent.at(-1)!.body.history?.length).toBe(2);
    await expect(answer.getAttribute('class')).resolves.not.toMatch(/error/);
    expect(await answer.locator('.chip').count()).toBeGreaterThan(0);
  });
});
