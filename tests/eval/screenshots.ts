/**
 * Screenshots of a real report.html for the docs, taken in headless Chromium:
 *   npx tsx tests/eval/screenshots.ts eval/out/run/report.html docs/images [--expand ID]
 * Writes eval-summary.png, eval-failures.png, eval-expanded.png and, when the
 * report has a comparison, eval-compare.png.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../widget/browser.js';

const [file, outDir = 'docs/images', ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx tests/eval/screenshots.ts REPORT.html [OUT_DIR] [--expand ID] [--system NAME]');
  process.exit(2);
}
const flag = (name: string) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};

/** An element's box in page coordinates (boundingBox() is relative to the viewport). */
async function pageBox(page: Page, selector: string) {
  return page.locator(selector).first().evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { y: r.top + window.scrollY, height: r.height };
  });
}

/** Screenshot the page from the top of `from` to the bottom of `to` (full-page clip). */
async function region(page: Page, from: string, to: string, out: string, maxHeight = 1400) {
  const a = await pageBox(page, from);
  const b = await pageBox(page, to);
  const y = Math.max(0, a.y - 8);
  const height = Math.min(maxHeight, b.y + b.height - y + 8);
  await page.screenshot({ path: out, clip: { x: 0, y, width: page.viewportSize()!.width, height }, fullPage: true });
  console.log(`wrote ${out} (${Math.round(height)} px high)`);
}

await mkdir(outDir, { recursive: true });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await page.goto(pathToFileURL(path.resolve(file)).href);
  await region(page, 'header', '#by-type table', path.join(outDir, 'eval-summary.png'));

  const system = flag('--system');
  if (system) await page.selectOption('[data-filter=system]', system);
  await page.selectOption('[data-filter=outcome]', 'fail');
  const shown = await page.locator('[data-count]').textContent();
  console.log(`failures shown: ${shown}`);
  await region(page, '#questions h2', '#question-table tbody.q:not([hidden]) >> nth=9', path.join(outDir, 'eval-failures.png'));

  const id = flag('--expand');
  const target = id ? page.locator(`#question-table tbody.q:not([hidden])[data-k-id="${id}"]`).first() : page.locator('#question-table tbody.q:not([hidden])').first();
  await target.locator('tr.row td').nth(3).click();
  const detail = target.locator('tr.detail');
  if (await detail.isHidden()) throw new Error('the row did not expand');
  const box = await target.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { y: r.top + window.scrollY, height: r.height };
  });
  await page.screenshot({ path: path.join(outDir, 'eval-expanded.png'), clip: { x: 0, y: box.y - 8, width: 1360, height: Math.min(1500, box.height + 16) }, fullPage: true });
  console.log(`wrote ${path.join(outDir, 'eval-expanded.png')}`);

  if (await page.locator('#comparison').count()) await region(page, '#comparison', '#comparison', path.join(outDir, 'eval-compare.png'), 1600);
} finally {
  await browser.close();
}
