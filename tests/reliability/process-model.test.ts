import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/processes.js';
import { TEST_INDEX_DIR } from '../helpers/test-index.js';

/** `npm start` exactly as a container entry point runs it, with its output collected. */
async function npmStart(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DOCS: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as string | null }));
  const until = async (done: () => boolean, what: string) => {
    for (let i = 0; i < 6000 && !done(); i++) {
      if (child.exitCode !== null) throw new Error(`npm start exited before ${what}:\n${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    if (!done()) throw new Error(`timed out waiting for ${what}:\n${out}`);
  };
  const count = (msg: string) => out.split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).length;
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, exited, until, count };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start as the process a container runs', () => {
  it('kill -TERM of the npm process drains every in-flight request, refuses new ones, exits 0 and leaves no process', async () => {
    // Generous queue limits: under a busy machine the questions queue, and none may be shed in this test.
    const server = await npmStart({ INDEX_DIR: TEST_INDEX_DIR, RATE_LIMIT_MAX: '0', MAX_CONCURRENT_ASKS: '2', MAX_QUEUED_ASKS: '200', MAX_QUEUE_WAIT_MS: '600000', REQUEST_TIMEOUT_MS: '600000' });
    try {
      await server.until(() => /ready: ask at/.test(server.output()), 'ready');
      const nodePid = Number(/"pid":(\d+)/.exec(server.output())![1]);
      expect(nodePid).not.toBe(server.child.pid);
      expect(alive(nodePid)).toBe(true);

      const n = 24;
      const inFlight = Array.from({ length: n }, (_, i) =>
        fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: `What are the three evils? (${i})` }) }).then(
          async (res) => ({ status: res.status, answered: typeof ((await res.json()) as { answer?: unknown }).answer === 'string' }),
          (err: Error & { cause?: Error }) => ({ status: `${err.message}: ${err.cause?.message}`, answered: false }),
        ),
      );
      // SIGTERM to npm once the server holds every request (it logs each as it arrives).
      await server.until(() => server.count('incoming request') >= n, `${n} incoming requests`);
      server.child.kill('SIGTERM');
      await server.until(() => server.count('shutting down: finishing in-flight requests') === 1, 'the shutdown log line');

      // A request after the signal is refused: 503 while the drain runs, or no connection once the server is gone.
      const late = await fetch(`${server.url}/health`).then((r) => r.status, () => 'refused');
      expect([503, 'refused']).toContain(late);

      const results = await Promise.all(inFlight);
      expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
      expect(results.every((r) => r.answered)).toBe(true);
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.output()).toMatch(/shut down cleanly/);
      // npm waited for node: nothing is left serving.
      expect(alive(nodePid)).toBe(false);
      await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  }, 300_000);
});
