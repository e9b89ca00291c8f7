import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../llm/helpers/openai-stand-in.js';
import { getTestServices } from '../helpers/test-index.js';
import { hasChromium, launchChromium, listen, SKIP_REASON, widget } from './browser.js';

const PAYLOAD = '<img src=x onerror="window.__xss=1">';
/** What the model stand-in writes: Markdown with a list, bold, italics, code, and markup that must stay text. */
const MARKDOWN_REPLY = `The SCO holds **joint exercises** with its members [1].\n\n- They are *regular* events [1]\n- One is written \`Peace Mission\` ${PAYLOAD} [1]`;

/**
 * The widget against a server whose LLM is a local OpenAI stand-in: Markdown
 * from the model renders as lists and emphasis, markup in it stays text, and
 * a failing model shows the `degraded` note.
 */
describe.skipIf(!hasChromium)(`widget renders model Markdown safely and notes degraded answers${hasChromium ? '' : ` (${SKIP_REASON})`}`, () => {
  let standIn: OpenAIStandIn;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    standIn = await startOpenAIStandIn();
    const { services } = await getTestServices({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: standIn.url, OPENAI_API_KEY: 'test', LLM_TIMEOUT_MS: '5000' });
    app = await buildApp({ services });
    base = await listen(app);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${base}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await standIn?.close();
  });

  it('shows a list, bold, italics and code from the answer, and its HTML as text', async () => {
    standIn.behave = () => ({ kind: 'reply', text: MARKDOWN_REPLY, chunk: 7 });
    const w = widget(page);
    await w.input.fill('Does the SCO hold joint exercises with its members?');
    await w.input.press('Enter');
    const answer = w.finished(0);
    await answer.waitFor();
    expect(standIn.calls.length).toBeGreaterThan(0);
    const body = answer.locator('.body');
    await expect(body.locator('strong').textContent()).resolves.toBe('joint exercises');
    await expect(body.locator('ul > li').count()).resolves.toBe(2);
    await expect(body.locator('em').textContent()).resolves.toBe('regular');
    await expect(body.locator('code').textContent()).resolves.toBe('Peace Mission');
    expect(await body.locator('ul > li').nth(1).textContent()).toContain(PAYLOAD);
    expect(await body.locator('.chip').count()).toBeGreaterThan(0);
    expect(await body.textContent()).not.toContain('**');
    const dom = await page.evaluate(() => ({
      images: document.querySelector('dossier-widget')!.shadowRoot!.querySelectorAll('img').length,
      xss: (window as unknown as { __xss?: number }).__xss,
    }));
    expect(dom).toEqual({ images: 0, xss: undefined });
    await expect(answer.locator('.note.warn').count()).resolves.toBe(0);
  });

  it('says so when the model was down and the answer quotes the report directly', async () => {
    standIn.behave = () => ({ kind: 'fail', status: 500 });
    const w = widget(page);
    await w.input.fill('Since when has the SCO held annual security exercises?');
    await w.input.press('Enter');
    const answer = w.finished(1);
    await answer.waitFor();
    await expect(answer.locator('.note.warn').textContent()).resolves.toMatch(/language model was unavailable/);
    expect(await answer.locator('.chip').count()).toBeGreaterThan(0);
  });
});
