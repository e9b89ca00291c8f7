import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';

/**
 * Our CLIs run as `node --import tsx <script>`, as `npm start` runs the server: one process, which gets the
 * signals itself. Not through the `tsx` CLI: it relays a signal to its child and SIGKILLs the child when the
 * child does not acknowledge within ~60 ms, which a busy server (or a busy machine) misses — the cause of the
 * "other side closed" drain flake (issue 12, finding 10). A SIGKILL of the `tsx` CLI also left its child running.
 */
const NODE_TSX = ['--import', 'tsx'];

/** A child process running one of our CLIs, with its output collected. */
export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the output matches, rejects if the process exits first or the timeout passes. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  exited: Promise<number | null>;
}

/** Run `node --import tsx <script> ...args` with extra environment variables. */
export function runCli(script: string, args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, [...NODE_TSX, script, ...args], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    output: () => out,
    exited,
    waitFor: (pattern, timeoutMs = 120_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(out)) {
            cleanup();
            resolve();
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}; output so far:\n${out}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          if (pattern.test(out)) resolve();
          else reject(new Error(`process exited before ${pattern}; output:\n${out}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      }),
  };
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** A server process started with `startServerProcess`. */
export interface ServerProcess {
  process: RunningProcess;
  url: string;
  /** SIGTERM, then wait for the exit. */
  stop: () => Promise<void>;
}

/**
 * `npm start` as a real process on a free loopback port (docs off), with
 * extra environment (INDEX_DIR, CORPUS, REDIS_URL, …).
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const process = runCli('src/cli/start.ts', [], { PORT: String(port), HOST: '127.0.0.1', DOCS: 'false', ...env });
  return {
    process,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      process.child.kill('SIGTERM');
      await process.exited;
    },
  };
}
