import net from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/core/errors.js';
import { buildApp } from '../../src/server/app.js';
import { createLoggerOptions, DossierLogController, usePrettyLogs } from '../../src/server/logger.js';
import { startServer } from '../../src/server/server.js';
import { startServerProcess } from '../helpers/processes.js';
import { getTestServices, TEST_INDEX_DIR } from '../helpers/test-index.js';

/** A stdout stand-in that records what is written. */
function sink(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  (stream as { isTTY?: boolean }).isTTY = isTTY;
  return { stream, text: () => chunks.join('') };
}

async function appLoggingTo(level: 'info' | 'debug') {
  const out = sink(false);
  const { services } = await getTestServices();
  const app = await buildApp({ services, logger: { level, stream: out.stream }, logController: new DossierLogController() });
  const lines = () =>
    out
      .text()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { app, lines };
}

describe('request logs', () => {
  it('health probes are logged at debug, so an info log has no line for them', async () => {
    const { app, lines } = await appLoggingTo('info');
    for (let i = 0; i < 5; i++) {
      await app.inject({ method: 'GET', url: '/health' });
      await app.inject({ method: 'GET', url: '/health/ready' });
    }
    await app.inject({ method: 'GET', url: '/widget.js' });
    await app.close();
    const urls = lines().map((l) => (l.req as { url?: string } | undefined)?.url ?? l.url);
    expect(urls.filter((u) => String(u).startsWith('/health'))).toEqual([]);
    expect(urls.filter((u) => u === '/widget.js')).toHaveLength(2);
  });

  it('at debug the probes appear, and the completed line names method, URL and status', async () => {
    const { app, lines } = await appLoggingTo('debug');
    await app.inject({ method: 'GET', url: '/health/ready' });
    await app.close();
    const completed = lines().find((l) => l.msg === 'request completed');
    expect(completed).toMatchObject({ level: 20, method: 'GET', url: '/health/ready', res: { statusCode: 200 } });
  });
});

describe('log format', () => {
  it('auto is pretty on a terminal and JSON elsewhere; LOG_FORMAT overrides', () => {
    expect(usePrettyLogs('auto', { isTTY: true })).toBe(true);
    expect(usePrettyLogs('auto', { isTTY: false })).toBe(false);
    expect(usePrettyLogs('json', { isTTY: true })).toBe(false);
    expect(usePrettyLogs('pretty', { isTTY: false })).toBe(true);
  });

  it('pretty lines are one readable line per event: time, level, message; no colour codes off a terminal', async () => {
    const out = sink(false);
    const { services } = await getTestServices();
    const app = await buildApp({ services, logger: createLoggerOptions({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' }, out.stream), logController: new DossierLogController() });
    app.log.info({ chunks: 3 }, 'ready: ask at http://127.0.0.1:3000/api/ask (POST) · widget http://127.0.0.1:3000/');
    await app.inject({ method: 'GET', url: '/widget.js' });
    await app.close();
    await new Promise((r) => setImmediate(r));
    const lines = out.text().trim().split('\n');
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: ready: ask at http:\/\/127\.0\.0\.1:3000\/api\/ask \(POST\) · widget http:\/\/127\.0\.0\.1:3000\/ \{"chunks":3\}$/);
    expect(lines).toContainEqual(expect.stringMatching(/INFO: → GET \/widget\.js$/));
    expect(lines).toContainEqual(expect.stringMatching(/INFO: ← 200 GET \/widget\.js \d+\.\d ms$/));
    expect(out.text()).not.toMatch(/\x1b\[/);
    expect(out.text()).not.toContain('"level"');
  });
});

describe('startServer on a busy port', () => {
  it('fails with one line saying which port and what to do', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const config = loadConfig({ PORT: String(port), INDEX_DIR: TEST_INDEX_DIR, LOG_LEVEL: 'silent', EMBEDDER_WORKERS: '0', DOCS: 'false' });
      const err = await startServer(config).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toBe(
        `Port ${port} is already in use on 127.0.0.1 (another Dossier or another program). Stop it, or pick a free port: PORT=${port + 1} npm start`,
      );
    } finally {
      blocker.close();
    }
  });
});

describe('npm start, as a process writing to a pipe', () => {
  it('logs JSON lines, the ready line lists /api/ask, the widget page and /docs, and probes stay out of the info log', async () => {
    const server = await startServerProcess({ INDEX_DIR: TEST_INDEX_DIR, DOCS: 'true', EMBEDDER_WORKERS: '0' });
    try {
      await server.process.waitFor(/ready: ask at/);
      for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
      await fetch(`${server.url}/widget.js`);
      await server.process.waitFor(/"url":"\/widget\.js","msg":"request completed"/);
    } finally {
      await server.stop();
    }
    const lines = server.process
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; url?: string; req?: { url: string } });
    const ready = lines.find((l) => l.msg.startsWith('ready: '))!.msg;
    expect(ready).toBe(`ready: ask at ${server.url}/api/ask (POST) · widget ${server.url}/ · API docs ${server.url}/docs`);
    expect(lines.filter((l) => (l.req?.url ?? l.url ?? '').startsWith('/health'))).toEqual([]);
  });
});
