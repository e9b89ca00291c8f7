import { availableParallelism } from 'node:os';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ProviderError } from '../core/errors.js';
import { normalize, type Embedder } from './embedder.js';
import { planBatches } from './use-embedder.js';

/** What runs in the pool: a worker script speaking the protocol below, and the embedder it provides. */
export interface WorkerPoolSpec {
  id: string;
  dimensions: number;
  /**
   * A CommonJS worker script: posts `{ready: true}` once its model is loaded (or `{fatal}`), then answers
   * each `{id, texts}` with `{id, dims, flat}` (raw vectors in one Float32Array) or `{id, error}`.
   */
  workerUrl: URL;
  workerData?: unknown;
  /** Named in load errors ("Could not load <modelName>: …"). */
  modelName: string;
  /** The text the model is given for an input text (whitespace clean-up). */
  prepare(text: string): string;
  /** Token counts of prepared texts, to order a multi-text call shortest first (characters when absent). */
  tokenCounter?(): Promise<(text: string) => number>;
  /** Most workers, each with its own copy of the model; default min(2, cores). */
  workers?: number;
  /**
   * `thread` (default): worker threads. `process`: child processes, for native bindings that can be
   * loaded only once per process (onnxruntime-node: "Module did not self-register" in a second thread).
   * A child process reads its settings from the first message, `{init: workerData}`.
   */
  isolation?: 'thread' | 'process';
  /** Most texts per model call; pending texts from concurrent callers are merged up to this. */
  batchSize?: number;
}

/** An embedder whose model runs in worker threads; `close()` ends them. */
export interface WorkerEmbedder extends Embedder {
  warmUp(): Promise<void>;
  close(): Promise<void>;
  /** Model calls made and texts embedded so far (the benchmark reads them to show micro-batching). */
  readonly stats: { calls: number; texts: number };
}

interface Pending {
  text: string;
  resolve(v: number[]): void;
  reject(err: unknown): void;
}

/** What the pool needs of a worker thread or child process. */
interface WorkerHandle {
  on(event: 'message', listener: (msg: never) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  off(event: 'message', listener: (msg: never) => void): void;
  postMessage(msg: unknown, transfer?: ArrayBuffer[]): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<unknown>;
}

/** A child process behind the worker-thread interface (messages use structured-clone serialisation, so typed arrays pass). */
function forkWorker(url: URL, data: unknown): WorkerHandle {
  const child = fork(fileURLToPath(url), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send({ init: data });
  const onExit = (code: number | null, signal: string | null) => {
    if (!terminating) child.emit('error', new Error(`embedding process exited (${signal ?? `code ${code}`})`));
  };
  let terminating = false;
  child.on('exit', onExit);
  return {
    on: (event: string, listener: (...args: any[]) => void) => void child.on(event, listener),
    off: (event: string, listener: (...args: any[]) => void) => void child.off(event, listener),
    postMessage: (msg) => void child.send(msg as object),
    ref: () => {
      child.ref();
      child.channel?.ref();
    },
    unref: () => {
      child.unref();
      child.channel?.unref();
    },
    terminate: () =>
      new Promise<void>((resolve) => {
        terminating = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  } as WorkerHandle;
}

interface Slot {
  worker: WorkerHandle;
  ready: boolean;
  /** The batch in the worker now, if any. */
  inflight?: Pending[];
}

/**
 * A local embedding model in worker threads, so the event loop stays free while it loads and
 * runs: `/health` and cached answers never wait behind a long batch.
 *
 * Texts wait in one queue; an idle worker takes the next `batchSize` of them. Questions
 * that arrive while a worker is busy therefore go into one model call together (a
 * micro-batch with no added wait at low load), and an ingest's texts are spread over
 * every worker (both cores on a 2-core machine). Texts of one call are queued shortest
 * first, so each model call pads little (see `sortByLength` in use-embedder.ts).
 */
export function createWorkerPoolEmbedder(settings: WorkerPoolSpec): WorkerEmbedder {
  const maxWorkers = Math.max(1, settings.workers ?? Math.min(2, availableParallelism()));
  const batchSize = settings.batchSize ?? 16;
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  const stats = { calls: 0, texts: 0 };
  let failure: ProviderError | undefined;
  // Orders a multi-text call by token count so each model call pads little (loaded on first use).
  let tokenCounter: Promise<(text: string) => number> | undefined;
  let closed = false;

  const fail = (err: ProviderError) => {
    failure = err;
    for (const p of queue.splice(0)) p.reject(err);
  };

  /** Called whenever a worker becomes ready or fails to load (warm-up waits on these). */
  const readyListeners = new Set<() => void>();

  const spawn = () => {
    const worker: WorkerHandle =
      settings.isolation === 'process' ? forkWorker(settings.workerUrl, settings.workerData) : (new Worker(settings.workerUrl, { workerData: settings.workerData }) as unknown as WorkerHandle);
    const slot: Slot = { worker, ready: false };
    slots.push(slot);
    worker.on('message', (msg: { ready?: true; fatal?: string }) => {
      if (msg.ready) {
        slot.ready = true;
        pump();
      } else if (msg.fatal) {
        fail(new ProviderError(`Could not load ${settings.modelName}: ${msg.fatal}`));
      }
      for (const listener of readyListeners) listener();
    });
    // A crashed worker fails only its own batch; the next texts start a fresh one.
    worker.on('error', (err) => {
      slots.splice(slots.indexOf(slot), 1);
      const e = new ProviderError(`Embedding worker failed: ${err.message}`, { cause: err });
      for (const p of slot.inflight ?? []) p.reject(e);
      pump();
      for (const listener of readyListeners) listener();
    });
  };

  const run = (slot: Slot, batch: Pending[]) => {
    slot.inflight = batch;
    stats.calls++;
    stats.texts += batch.length;
    const id = stats.calls;
    const onMessage = (msg: { id?: number; dims?: number; flat?: Float32Array; error?: string }) => {
      if (msg.id !== id) return;
      slot.worker.off('message', onMessage);
      slot.inflight = undefined;
      if (msg.error !== undefined || !msg.flat || !msg.dims) {
        const err = new ProviderError(`Embedding failed: ${msg.error ?? 'empty result'}`);
        for (const p of batch) p.reject(err);
      } else {
        const { flat, dims } = msg;
        batch.forEach((p, i) => p.resolve(normalize(flat.subarray(i * dims, (i + 1) * dims))));
      }
      pump();
    };
    slot.worker.on('message', onMessage);
    slot.worker.postMessage({ id, texts: batch.map((p) => p.text) });
  };

  const pump = () => {
    if (closed) return;
    // Share what is waiting evenly between idle workers (8 queued questions and 2 idle workers: 4 each).
    const idle = slots.filter((s) => s.ready && !s.inflight);
    idle.forEach((slot, k) => {
      if (queue.length) run(slot, queue.splice(0, Math.min(batchSize, Math.ceil(queue.length / (idle.length - k)))));
    });
    // Work is waiting and every worker is busy or starting: add one, up to the limit.
    if (queue.length && slots.length < maxWorkers) spawn();
    // Workers keep the process alive only while there is work or a warm-up waits (a CLI awaiting either must not exit).
    const working = queue.length > 0 || slots.some((s) => s.inflight) || readyListeners.size > 0;
    for (const s of slots) (working ? s.worker.ref() : s.worker.unref());
  };

  const enqueue = (texts: string[], order: number[], signal: AbortSignal | undefined): Promise<number[][]> => {
    const mine: Pending[] = [];
    const results = Promise.all(
      order.map(
        (i) =>
          new Promise<[number, number[]]>((resolve, reject) => {
            mine.push({ text: settings.prepare(texts[i]), resolve: (v) => resolve([i, v]), reject });
          }),
      ),
    );
    queue.push(...mine);
    const onAbort = () => {
      for (const p of mine) {
        const at = queue.indexOf(p);
        if (at >= 0) queue.splice(at, 1);
        p.reject(signal!.reason);
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    pump();
    return results
      .then((pairs) => {
        const out: number[][] = new Array(texts.length);
        for (const [i, v] of pairs) out[i] = v;
        return out;
      })
      .finally(() => signal?.removeEventListener('abort', onAbort));
  };

  return {
    id: settings.id,
    dimensions: settings.dimensions,
    stats,
    embed(texts, options) {
      const signal = options?.signal;
      if (closed) return Promise.reject(new ProviderError('The embedder is closed.'));
      if (failure) return Promise.reject(failure);
      signal?.throwIfAborted();
      if (!texts.length) return Promise.resolve([]);
      return (texts.length > 1 ? (tokenCounter ??= (settings.tokenCounter?.() ?? Promise.resolve((t: string) => t.length)).catch(() => (t: string) => t.length)) : Promise.resolve(undefined)).then((count) => {
        const order = planBatches(texts, texts.length, true, count && ((t) => count(settings.prepare(t)))).flat();
        return enqueue(texts, order, signal);
      });
    },
    /** Starts every worker now (each loads its own model copy) and resolves when all can take work. */
    warmUp() {
      if (closed) return Promise.reject(new ProviderError('The embedder is closed.'));
      while (slots.length < maxWorkers) spawn();
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (failure) reject(failure);
          else if (closed || slots.every((s) => s.ready)) resolve();
          else return;
          readyListeners.delete(check);
          pump();
        };
        readyListeners.add(check);
        pump(); // holds the workers' threads open while this waits
        check();
      });
    },
    async close() {
      closed = true;
      for (const listener of readyListeners) listener();
      for (const p of queue.splice(0)) p.reject(new ProviderError('The embedder is closed.'));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };

}
