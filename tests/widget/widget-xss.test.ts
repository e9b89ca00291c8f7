import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../ingest/build-index.js';
import { loadConfig } from '../../src/config/config.js';
import { createUseEmbedder } from '../../src/embedders/use-embedder.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { loadIndex } from '../../src/retrieval/load-index.js';
import { buildApp } from '../../src/server/app.js';
import { createServices } from '../../src/server/create-services.js';
import { hasChromium, launchChromium, listen, OUTPUT_DIR, SKIP_REASON, widget } from './browser.js';

const PAYLOAD = '<img src=x onerror="window.__xss=1">';

/**
 * A document chunk carrying markup goes through the real pipeline (ingest →
 * retrieve → answer → stream) and the widget must show it as text.
 */
describe.skipIf(!hasChromium)(`widget renders markup in answers and quotes as text${hasChromium ? '' : ` (${SKIP_REASON})`}`, () => {
  let tmp: string;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'dossier-widget-xss-'));
    const embedder = createUseEmbedder();
    await buildIndex({ paths: [path.resolve('tests/widget/fixtures/markup-report.md')], indexRoot: tmp, embedder });
    const holder = createIndexHolder(await loadIndex(tmp, embedder));
    const config = loadConfig({ INDEX_DIR: tmp, DOCS: 'false' });
    app = await buildApp({ services: createServices({ config, embedder, index: holder }) });
    base = await listen(app);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('shows an <img onerror> payload from the document as visible text and never runs it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${base}/`);
    const w = widget(page);
    await w.input.fill(`What string did the Irkeshtam border post logbook record in its incident field? ${PAYLOAD}`);
    await w.input.press('Enter');
    const answer = w.finished(0);
    await answer.waitFor();
    await expect(answer.getAttribute('class')).resolves.not.toMatch(/abstained|error/);

    const body = answer.locator('.bubble .body');
    expect(await body.textContent()).toContain(PAYLOAD);
    const chip = answer.locator('.chip').first();
    await chip.click();
    const quote = answer.locator(`details#${await chip.getAttribute('aria-controls')} blockquote`);
    await expect(quote.isVisible()).resolves.toBe(true);
    expect(await quote.textContent()).toContain(PAYLOAD);
    expect(await w.userMessages.first().textContent()).toContain(PAYLOAD);

    const dom = await page.evaluate(() => ({
      imagesInWidget: document.querySelector('dossier-widget')!.shadowRoot!.querySelectorAll('img').length,
      imagesInPage: document.querySelectorAll('img').length,
      xss: (window as unknown as { __xss?: number }).__xss,
    }));
    expect(dom).toEqual({ imagesInWidget: 0, imagesInPage: 0, xss: undefined });
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'xss-payload-as-text.png') });

    // This document has no PDF: its source opens the rendered page at the cited section.
    const details = answer.locator(`details#${await chip.getAttribute('aria-controls')}`);
    const href = (await details.locator('a.open').getAttribute('href'))!;
    const url = new URL(href);
    expect(url.pathname).toBe('/documents/markup-report');
    expect(url.hash).toMatch(/^#s-/);
    const doc = await browser.newPage();
    await doc.goto(href);
    const target = doc.locator(':target');
    await expect(target.count()).resolves.toBe(1);
    expect(await target.evaluate((a) => a.nextElementSibling?.tagName)).toMatch(/^H\d$/);
    expect(await doc.locator('body').textContent()).toContain(PAYLOAD);
    await expect(doc.evaluate(() => ({ images: document.images.length, xss: (window as unknown as { __xss?: number }).__xss }))).resolves.toEqual({ images: 0, xss: undefined });
    await doc.close();
    await page.close();
  });
});
