import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, installed by `.ci/run` (no browser download). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
export const SKIP_REASON = `skipped: ${CHROMIUM_PATH} not found (install it with: apt-get install -y chromium)`;

/** Screenshots go here (gitignored). */
export const OUTPUT_DIR = path.resolve('test-output/widget');

/** Launch headless Chromium with flags that work as root in a container without network. */
export async function launchChromium(): Promise<Browser> {
  await mkdir(OUTPUT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Listen on 127.0.0.1, a free port; returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/** The widget's parts, found through its (open) shadow root. */
export function widget(page: Page) {
  return {
    launcher: page.locator('dossier-widget .launcher'),
    panel: page.getByRole('dialog', { name: 'Ask the report' }),
    input: page.getByRole('textbox', { name: 'Your question' }),
    answers: page.locator('dossier-widget article.assistant'),
    /** The n-th (0-based) answer once it has finished streaming. */
    finished: (n: number) => page.locator('dossier-widget article.assistant[aria-busy="false"]').nth(n),
    userMessages: page.locator('dossier-widget .msg.user'),
  };
}

/** The element focused inside the widget's shadow root, as "tag.class". */
export function focusedInWidget(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const active = document.querySelector('dossier-widget')?.shadowRoot?.activeElement;
    return active ? `${active.tagName.toLowerCase()}.${active.className}` : null;
  });
}
