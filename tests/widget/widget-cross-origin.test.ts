import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { getTestServices } from '../helpers/test-index.js';
import { hasChromium, launchChromium, listen, OUTPUT_DIR, SKIP_REASON, widget } from './browser.js';

/** A host page on another origin: hostile CSS, and the widget pointed at the app on `?app=PORT`. */
function hostPage(appPort: string): string {
  const api = `http://127.0.0.1:${appPort}`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Partner site</title>
<style>
  * { font-family: "Comic Sans MS", cursive !important; color: red !important; line-height: 3 !important; }
  button { display: none; } div { border: 5px solid lime; } textarea { width: 3px !important; }
</style></head>
<body><h1>Partner intranet</h1><p>Our analysts use Dossier here.</p>
<script src="${api}/widget.js" data-api-base="${api}" data-title="Ask the report" data-open="true" data-accent="#0f766e" async></script>
</body></html>`;
}

describe.skipIf(!hasChromium)(`widget embedded on another origin${hasChromium ? '' : ` (${SKIP_REASON})`}`, () => {
  let host: Server;
  let hostOrigin: string;
  let allowedApp: FastifyInstance;
  let closedApp: FastifyInstance;
  let browser: Browser;
  const reachedClosedApp: string[] = [];

  beforeAll(async () => {
    host = createServer((req, res) => {
      const appPort = new URL(req.url ?? '/', 'http://x').searchParams.get('app') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(appPort.replace(/\D/g, '')));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostOrigin = `http://127.0.0.1:${(host.address() as { port: number }).port}`;

    allowedApp = await buildApp({ services: (await getTestServices({ ALLOWED_ORIGINS: `https://other.example,${hostOrigin}` })).services });
    closedApp = await buildApp({ services: (await getTestServices({ ALLOWED_ORIGINS: '' })).services });
    closedApp.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/api/')) reachedClosedApp.push(`${request.method} ${request.url}`);
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await allowedApp?.close();
    await closedApp?.close();
    await new Promise((resolve) => host?.close(resolve));
  });

  it('answers with citations when the host origin is in ALLOWED_ORIGINS, unharmed by the host page CSS', async () => {
    const appPort = new URL(await listen(allowedApp)).port;
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(`${hostOrigin}/?app=${appPort}`);
    const w = widget(page);
    await w.panel.waitFor();
    const sendVisible = await page.getByRole('button', { name: 'Send question' }).isVisible();
    const inputWidth = (await w.input.boundingBox())!.width;
    await w.input.fill('Since when has the SCO held annual security exercises?');
    await w.input.press('Enter');
    const answer = w.finished(0);
    await answer.waitFor();
    await expect(answer.getAttribute('class')).resolves.not.toMatch(/error|abstained/);
    expect(await answer.locator('.chip').count()).toBeGreaterThan(0);
    expect(sendVisible).toBe(true);
    expect(inputWidth).toBeGreaterThan(150);
    const color = await answer.locator('.bubble').evaluate((el) => getComputedStyle(el).color);
    expect(color).not.toBe('rgb(255, 0, 0)');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'cross-origin-allowed.png') });
    await page.close();
  });

  it('shows an error state and the question never reaches the server when the origin is not allowed', async () => {
    const appPort = new URL(await listen(closedApp)).port;
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const corsErrors: string[] = [];
    page.on('console', (m) => {
      if (/CORS/i.test(m.text())) corsErrors.push(m.text());
    });
    await page.goto(`${hostOrigin}/?app=${appPort}`);
    const w = widget(page);
    await w.input.fill('Since when has the SCO held annual security exercises?');
    await w.input.press('Enter');
    const answer = w.finished(0);
    await answer.waitFor();
    await expect(answer.getAttribute('class')).resolves.toMatch(/error/);
    await expect(answer.getByRole('alert').isVisible()).resolves.toBe(true);
    expect(await answer.textContent()).toMatch(/Could not reach Dossier/);
    expect(corsErrors.length).toBeGreaterThan(0);
    // Only the refused preflight arrived: no POST, so no question was answered.
    expect(reachedClosedApp.filter((r) => r.startsWith('POST'))).toEqual([]);
    expect(reachedClosedApp.some((r) => r.startsWith('OPTIONS /api/chat'))).toBe(true);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'cross-origin-refused.png') });
    await page.close();
  });
});
