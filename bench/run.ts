/**
 * `npm run bench`: one run, one table, `bench/results.json` + `bench/results.md`.
 *
 *   --quick    short run (1 repeat, 3 s per HTTP level, 10k vectors only, 100 questions for the baseline)
 *   --large    also the 1M-vector index scaling point (minutes and ~3 GB of memory)
 *   --legacy   the embedder as it was before issue #8 (main thread, in-order batches of 32, no cache),
 *              written to bench/results-legacy.* so the two tables can be compared
 *   --skip-scaling   leave out the synthetic index-scaling section
 *
 * The README's Performance section explains how to read the numbers.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { buildIndex } from '../ingest/build-index.js';
import { loadConfig } from '../src/config/config.js';
import { createCachedEmbedder } from '../src/embedders/cached-embedder.js';
import type { Embedder } from '../src/embedders/embedder.js';
import { createUseEmbedder, USE_EMBEDDER_ID } from '../src/embedders/use-embedder.js';
import { createUseWorkerEmbedder, type WorkerEmbedder } from '../src/embedders/use-worker-embedder.js';
import { createBaseline } from '../src/eval/baseline.js';
import { loadDataset } from '../src/eval/dataset.js';
import { createIndexHolder } from '../src/retrieval/index-holder.js';
import { loadIndex, type LoadedIndex } from '../src/retrieval/load-index.js';
import { HNSW_DEFAULTS, buildVectorStore, defaultEfSearch, loadVectorStore, type VectorStore } from '../src/retrieval/vector-store.js';
import { buildApp } from '../src/server/app.js';
import { createServices } from '../src/server/create-services.js';
import { gaussian, median, medianOfRuns, percentiles, seededRandom } from './stats.js';

/** Synthetic vector sets for the index-scaling section (see `scalingPoint`). */
const SYNTHETIC_FAMILIES = ['text-like', 'noisy copies'] as const;
type SyntheticFamily = (typeof SYNTHETIC_FAMILIES)[number];

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    large: { type: 'boolean', default: false },
    legacy: { type: 'boolean', default: false },
    'skip-scaling': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const REPORT = path.resolve('ingest/corpus/china-security-management-central-asia.md');
const repeats = flags.quick ? 1 : 3;
const httpSeconds = flags.quick ? 3 : 10;
const outBase = flags.out ?? (flags.legacy ? 'bench/results-legacy' : 'bench/results');
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const ms = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)) : '–');

/** The embedder under test without a cache: the legacy path or the worker pool. */
function bareEmbedder(): Embedder & { close?: () => Promise<void> } {
  return flags.legacy ? createUseEmbedder({ sortByLength: false, batchSize: 32 }) : createUseWorkerEmbedder();
}
const closeEmbedder = async (e: Embedder) => (e as Partial<WorkerEmbedder>).close?.();

const questions = (await loadDataset('eval/dev.jsonl')).map((d) => d.question);
const tmp = await mkdtemp(path.join(os.tmpdir(), 'dossier-bench-'));
const loadStart = os.loadavg();
const results: Record<string, unknown> = {
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    memoryGb: +(os.totalmem() / 2 ** 30).toFixed(1),
    loadAverageAtStart: loadStart.map((x) => +x.toFixed(2)),
  },
  settings: { quick: flags.quick, large: flags.large, legacy: flags.legacy, repeats, httpSeconds, questions: questions.length },
  startedAt: new Date().toISOString(),
};

try {
  // ── Ingest ────────────────────────────────────────────────────────────────
  const ingestRoot = path.join(tmp, 'index');
  const cold = [];
  for (let r = 0; r < repeats; r++) {
    const root = path.join(tmp, `cold-${r}`);
    const embedder = bareEmbedder();
    log(`ingest cold ${r + 1}/${repeats}`);
    const { timings, manifest } = await buildIndex({ paths: [REPORT], indexRoot: r === 0 ? ingestRoot : root, embedder });
    await closeEmbedder(embedder);
    if (r > 0) await rm(root, { recursive: true, force: true });
    cold.push({ ...timings, chunks: manifest.counts.chunks, sentences: manifest.counts.sentences });
  }
  const warm = [];
  for (let r = 0; r < repeats; r++) {
    const embedder = bareEmbedder();
    log(`ingest unchanged ${r + 1}/${repeats}`);
    const t0 = performance.now();
    const { timings } = await buildIndex({ paths: [REPORT], indexRoot: ingestRoot, embedder });
    warm.push({ ...timings, wallMs: performance.now() - t0 });
    await closeEmbedder(embedder);
  }
  const loads = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await loadIndex(ingestRoot, { id: USE_EMBEDDER_ID, dimensions: 512 });
    loads.push(performance.now() - t0);
  }
  const coldMed = medianOfRuns(cold);
  const ingest = {
    cold: { ...coldMed, chunksPerSecond: coldMed.chunks / (coldMed.totalMs / 1000), sentencesPerSecond: coldMed.sentences / (coldMed.embedMs / 1000) },
    unchanged: medianOfRuns(warm),
    loadIndexMs: median(loads),
  };
  results.ingest = ingest;

  // ── Query path in-process ────────────────────────────────────────────────
  const bare = bareEmbedder();
  const index = await loadIndex(ingestRoot, bare);
  const config = loadConfig({ INDEX_DIR: ingestRoot, CORPUS: REPORT, DOCS: 'false', RATE_LIMIT_MAX: '0', LOG_LEVEL: 'silent' });
  const holder = createIndexHolder(index);
  const uncachedServices = createServices({ config, embedder: bare, index: holder });
  const cached = createCachedEmbedder(bare, { maxEntries: 5000 });
  const cachedServices = createServices({ config, embedder: cached, index: holder });
  log('in-process query path (uncached embedder)');
  for (const q of questions.slice(0, 20)) await uncachedServices.ask.ask({ question: q }); // warm-up
  const stageRuns = [];
  const rawEmbed: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const per: Record<string, number[]> = { embedMs: [], vectorMs: [], lexicalMs: [], fuseMs: [], answerMs: [], totalMs: [], allButEmbedMs: [] };
    for (const q of questions) {
      const t = (await uncachedServices.ask.ask({ question: q })).timings as unknown as Record<string, number>;
      for (const k of ['embedMs', 'vectorMs', 'lexicalMs', 'fuseMs', 'answerMs', 'totalMs']) per[k].push(t[k]);
      per.allButEmbedMs.push(t.totalMs - t.embedMs);
    }
    for (const q of questions.slice(0, 100)) {
      const t0 = performance.now();
      await bare.embed([q]);
      rawEmbed.push(performance.now() - t0);
    }
    stageRuns.push(Object.fromEntries(Object.entries(per).flatMap(([k, v]) => {
      const p = percentiles(v);
      return [[`${k}.p50`, p.p50], [`${k}.p95`, p.p95], [`${k}.p99`, p.p99]];
    })));
  }
  const stages = medianOfRuns(stageRuns as Array<Record<string, number>>);
  log('in-process /api/ask handler (app.inject, cached and uncached embedder)');
  const handler = async (services: ReturnType<typeof createServices>) => {
    const app = await buildApp({ services });
    await app.ready();
    const runs = [];
    for (let r = 0; r < repeats; r++) {
      const times: number[] = [];
      for (const q of questions) {
        const t0 = performance.now();
        const res = await app.inject({ method: 'POST', url: '/api/ask', payload: { question: q } });
        times.push(performance.now() - t0);
        if (res.statusCode !== 200) throw new Error(`/api/ask returned ${res.statusCode}: ${res.body.slice(0, 200)}`);
      }
      runs.push(percentiles(times));
    }
    await app.close();
    return medianOfRuns(runs);
  };
  const handlerUncached = await handler(uncachedServices);
  for (const q of questions) await cached.embed([q]); // fill the cache
  const handlerCached = await handler(cachedServices);
  // The same "everything but the embedding" with the vector served from the cache: no model run just
  // before, so this is the post-embedding path alone (after an uncached embedding the worker's WASM
  // work has just evicted the CPU caches, which the uncached row above includes).
  const cachedRuns = [];
  for (let r = 0; r < repeats; r++) {
    const allBut: number[] = [];
    for (const q of questions) {
      const t = (await cachedServices.ask.ask({ question: q })).timings as unknown as Record<string, number>;
      allBut.push(t.totalMs - t.embedMs);
    }
    cachedRuns.push(percentiles(allBut));
  }
  const allButEmbedCached = medianOfRuns(cachedRuns);
  results.queryPath = { stages, rawQueryEmbedMs: percentiles(rawEmbed), handlerUncached, handlerCached, allButEmbedCached };

  // ── Baseline side by side ────────────────────────────────────────────────
  const baselineQuestions = flags.quick ? questions.slice(0, 100) : questions;
  log(`LangChain baseline (${baselineQuestions.length} questions)`);
  const tb = performance.now();
  const baseline = await createBaseline({ embedder: bare, paths: [REPORT] });
  const baselineBuildMs = performance.now() - tb;
  for (const q of baselineQuestions) await baseline.ask({ question: q, history: [] }); // warm-up: embeds the sentences it picks from
  const sideBySide = async (ask: (q: string) => Promise<unknown>) => {
    const runs = [];
    for (let r = 0; r < repeats; r++) {
      const times: number[] = [];
      for (const q of baselineQuestions) {
        const t0 = performance.now();
        await ask(q);
        times.push(performance.now() - t0);
      }
      runs.push(percentiles(times));
    }
    return medianOfRuns(runs);
  };
  const baselineLat = await sideBySide((q) => baseline.ask({ question: q, history: [] }));
  const baselineCached = await createBaseline({ embedder: cached, paths: [REPORT] });
  for (const q of baselineQuestions) await baselineCached.ask({ question: q, history: [] });
  const baselineLatCached = await sideBySide((q) => baselineCached.ask({ question: q, history: [] }));
  const dossierLat = await sideBySide((q) => uncachedServices.ask.ask({ question: q }));
  const dossierLatCached = await sideBySide((q) => cachedServices.ask.ask({ question: q }));
  results.baseline = {
    chunks: baseline.chunkCount,
    buildMs: baselineBuildMs,
    uncached: { baseline: baselineLat, dossier: dossierLat, ratioP50: dossierLat.p50 / baselineLat.p50 },
    cached: { baseline: baselineLatCached, dossier: dossierLatCached, ratioP50: dossierLatCached.p50 / baselineLatCached.p50 },
  };

  // ── Over HTTP ────────────────────────────────────────────────────────────
  const http: Record<string, unknown> = {};
  for (const mode of ['cached', 'uncached'] as const) {
    log(`HTTP (${mode} query embeddings): autocannon at 1, 8, 32 connections × ${httpSeconds} s`);
    const server = await startBenchServer({
      INDEX_DIR: ingestRoot,
      CORPUS: REPORT,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DOCS: 'false',
      RATE_LIMIT_MAX: '0',
      EMBEDDING_CACHE_SIZE: mode === 'cached' ? '5000' : '0',
      ...(flags.legacy ? { EMBEDDER_WORKERS: '0' } : {}),
    });
    try {
      const url = `http://127.0.0.1:${server.port}`;
      for (const q of mode === 'cached' ? questions : questions.slice(0, 20)) await post(url, q); // warm-up (fills the cache)
      const levels: Record<string, unknown> = {};
      for (const connections of [1, 8, 32]) {
        let next = 0;
        const r = await autocannon({
          url,
          connections,
          duration: httpSeconds,
          requests: [
            {
              method: 'POST',
              path: '/api/ask',
              headers: { 'content-type': 'application/json' },
              // autocannon calls this before every request: each one asks the next dev question.
              setupRequest: (req: { body?: string }) => ({ ...req, body: JSON.stringify({ question: questions[next++ % questions.length] }) }),
            } as { method: string; path: string; headers: Record<string, string> },
          ],
        });
        levels[`c${connections}`] = {
          requestsPerSecond: r.requests.average,
          p50: r.latency.p50,
          p95: percentileFromAutocannon(r.latency),
          p99: r.latency.p99,
          requests: r.requests.total,
          errors: r.errors + r.timeouts + r.non2xx,
        };
      }
      http[mode] = { ...levels, peakRssMb: (await server.stats()).maxRssBytes / 2 ** 20 };
    } finally {
      await server.stop();
    }
  }
  results.http = http;
  await closeEmbedder(bare);

  // ── Index scaling ────────────────────────────────────────────────────────
  if (!flags['skip-scaling']) {
    const sizes = flags.quick ? [10_000] : [10_000, 100_000];
    if (flags.large) sizes.push(1_000_000);
    const queryVectors = (await (async () => {
      const e = createUseWorkerEmbedder();
      try {
        return await e.embed(questions.slice(0, 200));
      } finally {
        await e.close();
      }
    })());
    const scaling = [];
    for (const family of SYNTHETIC_FAMILIES) {
      for (const n of sizes) {
        log(`index scaling: ${n.toLocaleString('en')} synthetic vectors (${family})`);
        scaling.push(await scalingPoint(index, n, family, queryVectors, path.join(tmp, `scale-${family}-${n}.hnsw`)));
      }
    }
    results.indexScaling = scaling;
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}

results.machine = { ...(results.machine as object), loadAverageAtEnd: os.loadavg().map((x) => +x.toFixed(2)) };
results.finishedAt = new Date().toISOString();
const markdown = renderMarkdown(results);
await writeFile(`${outBase}.json`, `${JSON.stringify(results, null, 2)}\n`);
await writeFile(`${outBase}.md`, markdown);
process.stdout.write(`\n${markdown}\nWritten ${outBase}.json and ${outBase}.md\n`);
process.exit(0);

// ── helpers ──────────────────────────────────────────────────────────────────

/** autocannon reports p90 and p97.5, not p95: interpolate between them. */
function percentileFromAutocannon(h: { p90: number; p97_5: number }): number {
  return h.p90 + ((h.p97_5 - h.p90) * (95 - 90)) / (97.5 - 90);
}

async function post(url: string, question: string): Promise<void> {
  const res = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  if (!res.ok) throw new Error(`/api/ask returned ${res.status}: ${(await res.text()).slice(0, 200)}`);
  await res.arrayBuffer();
}

/** Start `bench/serve.ts` (the real startServer) in a child process and wait until /health/ready. */
async function startBenchServer(env: Record<string, string>) {
  const child: ChildProcess = fork(path.resolve('bench/serve.ts'), [], {
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.on('message', (m: { port?: number }) => m.port && resolve(m.port));
  });
  child.removeAllListeners('exit');
  const deadline = Date.now() + 300_000;
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
    if (res?.ok) break;
    if (Date.now() > deadline) throw new Error('bench server never became ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    stats: () =>
      new Promise<{ maxRssBytes: number; rssBytes: number }>((resolve) => {
        child.once('message', (m) => resolve(m as { maxRssBytes: number; rssBytes: number }));
        child.send('stats');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * One index-scaling point: `n` vectors made from the report's real sentence vectors (so they
 * cluster like text does, unlike uniform noise), built with the product's hnswlib settings and
 * its size-dependent efSearch, searched with real question vectors; recall@10 against exact
 * brute-force search. Two families:
 * - `text-like`: a point between two real sentence vectors (up to half-way) plus slight noise,
 *   so the set spreads over the region real text occupies, like a larger corpus would;
 * - `noisy copies`: a real vector plus isotropic noise of norm 0.2–1.0, ~n/1,087 copies around
 *   each sentence: near-ties in 512 random directions, a stress case for any graph index.
 */
async function scalingPoint(index: LoadedIndex, n: number, family: SyntheticFamily, queries: number[][], file: string) {
  const dims = index.manifest.embedder.dimensions;
  const base = index.sentenceVectors;
  const baseCount = base.length / dims;
  const random = seededRandom(n);
  const flat = new Float32Array(n * dims);
  const vectors: number[][] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor(random() * baseCount) * dims;
    const other = Math.floor(random() * baseCount) * dims;
    const t = family === 'text-like' ? 0.5 * random() : 0;
    const sigma = (family === 'text-like' ? 0.1 : 0.2 + 0.8 * random()) / Math.sqrt(dims);
    const v = new Array<number>(dims);
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      v[d] = (1 - t) * base[from + d] + t * base[other + d] + sigma * gaussian(random);
      norm += v[d] * v[d];
    }
    norm = Math.sqrt(norm);
    for (let d = 0; d < dims; d++) flat[i * dims + d] = v[d] /= norm;
    vectors.push(v);
  }
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const store = buildVectorStore(vectors, { dimensions: dims });
  const buildMs = performance.now() - t0;
  vectors.length = 0;
  const rssAfter = process.memoryUsage().rss;
  const exact = queries.map((q) => exactTop10(flat, dims, q));
  const measure = (s: VectorStore) => {
    for (const q of queries.slice(0, 20)) s.search(q, 10); // warm-up
    const searchMs: number[] = [];
    let recall = 0;
    queries.forEach((q, i) => {
      const t = performance.now();
      const hits = s.search(q, 10);
      searchMs.push(performance.now() - t);
      recall += hits.filter((h) => exact[i].has(h.index)).length / 10;
    });
    return { ...percentiles(searchMs), recall: recall / queries.length };
  };
  const auto = measure(store);
  await store.save(file);
  const bytes = (await stat(file)).size;
  // The same graph searched at the small-index breadth, to show what the wider search buys.
  const fixed = measure(await loadVectorStore(file, { dimensions: dims, efSearch: HNSW_DEFAULTS.efSearch }));
  await rm(file, { force: true });
  return {
    family,
    vectors: n,
    efSearch: defaultEfSearch(n),
    buildMs,
    searchP50Ms: auto.p50,
    searchP99Ms: auto.p99,
    recallAt10: auto.recall,
    atEf128: { searchP50Ms: fixed.p50, recallAt10: fixed.recall },
    bytesPerVectorOnDisk: bytes / n,
    bytesPerVectorInMemory: Math.max(0, rssAfter - rssBefore) / n,
  };
}

function exactTop10(flat: Float32Array, dims: number, q: number[]): Set<number> {
  const n = flat.length / dims;
  const best: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * dims;
    for (let d = 0; d < dims; d++) s += flat[o + d] * q[d];
    if (best.length < 10 || s > best[best.length - 1][1]) {
      best.push([i, s]);
      best.sort((a, b) => b[1] - a[1]);
      if (best.length > 10) best.pop();
    }
  }
  return new Set(best.map(([i]) => i));
}

function renderMarkdown(r: Record<string, any>): string {
  const m = r.machine;
  const lines: string[] = [];
  lines.push(`### Benchmark${r.settings.legacy ? ' (legacy embedder path)' : ''} — ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`);
  lines.push('');
  lines.push(
    `${m.cpu}, ${m.cores} cores, Node ${m.node}; load average ${m.loadAverageAtStart.join(' / ')} at start, ${m.loadAverageAtEnd.join(' / ')} at end (1/5/15 min). ` +
      `Medians of ${r.settings.repeats} run(s); ${r.settings.questions} dev questions; HTTP ${r.settings.httpSeconds} s per level.`,
  );
  lines.push('');
  const i = r.ingest;
  lines.push('| Ingest (bundled report) | value |', '| --- | --- |');
  lines.push(`| cold: parse / chunk / embed / write (ms) | ${ms(i.cold.loadMs)} / ${ms(i.cold.chunkMs)} / ${ms(i.cold.embedMs)} / ${ms(i.cold.writeMs)} |`);
  lines.push(`| cold: total | ${(i.cold.totalMs / 1000).toFixed(1)} s (${i.cold.chunks} chunks, ${i.cold.sentences} sentences embedded; ${i.cold.chunksPerSecond.toFixed(0)} chunks/s, ${i.cold.sentencesPerSecond.toFixed(0)} sentences/s) |`);
  lines.push(`| nothing changed: total | ${(i.unchanged.totalMs / 1000).toFixed(2)} s (embed ${ms(i.unchanged.embedMs)} ms) |`);
  lines.push(`| load index at start-up (no embedding) | ${ms(i.loadIndexMs)} ms |`);
  lines.push('');
  const s = r.queryPath.stages;
  lines.push('| In-process (ms) | p50 | p95 | p99 |', '| --- | --- | --- | --- |');
  const row = (name: string, key: string) => lines.push(`| ${name} | ${ms(s[`${key}.p50`])} | ${ms(s[`${key}.p95`])} | ${ms(s[`${key}.p99`])} |`);
  row('query embedding (in the ask path)', 'embedMs');
  lines.push(`| query embedding (alone, raw) | ${ms(r.queryPath.rawQueryEmbedMs.p50)} | ${ms(r.queryPath.rawQueryEmbedMs.p95)} | ${ms(r.queryPath.rawQueryEmbedMs.p99)} |`);
  row('vector search (chunks + sentences)', 'vectorMs');
  row('lexical search (BM25)', 'lexicalMs');
  row('fusion', 'fuseMs');
  row('answer composition', 'answerMs');
  row('everything but the embedding (right after an uncached embedding)', 'allButEmbedMs');
  const cachedPath = r.queryPath.allButEmbedCached;
  if (cachedPath) lines.push(`| everything but the embedding (query vector from the cache) | ${ms(cachedPath.p50)} | ${ms(cachedPath.p95)} | ${ms(cachedPath.p99)} |`);
  row('ask service total', 'totalMs');
  const hu = r.queryPath.handlerUncached;
  const hc = r.queryPath.handlerCached;
  lines.push(`| /api/ask handler (inject), embedding not cached | ${ms(hu.p50)} | ${ms(hu.p95)} | ${ms(hu.p99)} |`);
  lines.push(`| /api/ask handler (inject), embedding cached | ${ms(hc.p50)} | ${ms(hc.p95)} | ${ms(hc.p99)} |`);
  lines.push('');
  lines.push('| Over HTTP (autocannon) | connections | req/s | p50 ms | p95 ms | p99 ms | errors | peak RSS |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const mode of ['cached', 'uncached']) {
    const h = r.http[mode];
    for (const c of [1, 8, 32]) {
      const l = h[`c${c}`];
      lines.push(`| query embedding ${mode} | ${c} | ${l.requestsPerSecond.toFixed(0)} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${l.errors} | ${c === 1 ? `${h.peakRssMb.toFixed(0)} MB` : ''} |`);
    }
  }
  lines.push('');
  const b = r.baseline;
  lines.push(`| Side by side (in-process, ${r.settings.quick ? 100 : r.settings.questions} questions, ms) | Dossier p50 | Dossier p95 | LangChain baseline p50 | baseline p95 | Dossier/baseline (p50) |`, '| --- | --- | --- | --- | --- | --- |');
  lines.push(`| query embedding not cached | ${ms(b.uncached.dossier.p50)} | ${ms(b.uncached.dossier.p95)} | ${ms(b.uncached.baseline.p50)} | ${ms(b.uncached.baseline.p95)} | ${b.uncached.ratioP50.toFixed(2)}× |`);
  lines.push(`| query embedding cached | ${ms(b.cached.dossier.p50)} | ${ms(b.cached.dossier.p95)} | ${ms(b.cached.baseline.p50)} | ${ms(b.cached.baseline.p95)} | ${b.cached.ratioP50.toFixed(2)}× |`);
  lines.push(`| baseline build (split + embed ${b.chunks} chunks) | | | ${(b.buildMs / 1000).toFixed(1)} s | | |`);
  if (r.indexScaling) {
    lines.push('');
    lines.push(
      `| hnswlib scaling (512-d, M=${HNSW_DEFAULTS.m}, efConstruction=${HNSW_DEFAULTS.efConstruction}) | efSearch (default for size) | build | search p50 | search p99 | recall@10 vs exact | at efSearch ${HNSW_DEFAULTS.efSearch}: p50 / recall@10 | bytes/vector (disk) | bytes/vector (RSS growth) |`,
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const x of r.indexScaling) {
      lines.push(
        `| ${x.vectors.toLocaleString('en')} vectors, ${x.family ?? 'noisy copies'} | ${x.efSearch ?? HNSW_DEFAULTS.efSearch} | ${(x.buildMs / 1000).toFixed(1)} s | ${ms(x.searchP50Ms)} ms | ${ms(x.searchP99Ms)} ms | ${x.recallAt10.toFixed(3)} | ` +
          `${x.atEf128 ? `${ms(x.atEf128.searchP50Ms)} ms / ${x.atEf128.recallAt10.toFixed(3)}` : ''} | ${x.bytesPerVectorOnDisk.toFixed(0)} | ${x.bytesPerVectorInMemory.toFixed(0)} |`,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}
