import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Embedder } from '../embedders/embedder.js';
import { createIndexHolder } from '../retrieval/index-holder.js';
import { createServices } from '../server/create-services.js';
import { ensureIndex } from '../server/ensure-index.js';
import { createBaseline } from './baseline.js';
import { createBm25Baseline } from './bm25-baseline.js';
import { calibrateOn } from './calibrate.js';
import { compareReports, formatComparisonConsole, readReport } from './compare.js';
import { readDatasetFile, type DatasetFormat, type EvalItem } from './dataset.js';
import { checkFloors, loadFloors, type Floors } from './floors.js';
import type { Judge } from './judge.js';
import { buildReport, formatConsoleTable, writeReports, type EvalReport } from './report.js';
import { runEval, type RunResult } from './runner.js';
import { createHttpTarget, createServiceTarget, type EvalTarget } from './target.js';

/** Everything one `npm run eval` needs, parsed from the command line. */
export interface SessionOptions {
  dataset: string;
  format?: DatasetFormat;
  config: Config;
  embedder: Embedder;
  out: string;
  url?: string;
  apiKey?: string;
  baseline?: boolean;
  repeat?: number;
  concurrency?: number;
  contexts?: number;
  limit?: number;
  judge?: Judge;
  floorsFile?: string;
  /** Floors given inline (e.g. by a sets file); used when floorsFile is absent. */
  floors?: Floors;
  compare?: { file: string; target?: string };
  signal?: AbortSignal;
  log?: (msg: string) => void;
}

/** What a session produced: the report, the files written, console text and the exit code it implies. */
export interface SessionResult {
  report: EvalReport;
  files: string[];
  console: string;
  /** Lines for stderr: failed floors, partial runs. */
  problems: string[];
  /** 0 ok, 1 a floor failed, 3 partial run. */
  exitCode: number;
}

/**
 * One evaluation: load the dataset, build the targets (Dossier in-process or
 * over HTTP, plus the baselines), run them, check floors, compare with a
 * previous run and write every report. A partial run still writes its report.
 */
export async function runEvalSession(options: SessionOptions): Promise<SessionResult> {
  const log = options.log ?? (() => undefined);
  const loaded = await readDatasetFile(options.dataset, { format: options.format });
  for (const w of loaded.warnings) log(`warning: ${w}`);
  const items: EvalItem[] = options.limit ? loaded.items.slice(0, options.limit) : loaded.items;
  const floors = options.floorsFile ? await loadFloors(options.floorsFile) : options.floors;
  const previous = options.compare ? await readReport(options.compare.file) : undefined;

  const targets = await buildTargets(options, items, log);
  const repeat = options.repeat ?? 1;
  const runs = new Map<string, RunResult[]>();
  let stopped = false;
  for (const target of targets) {
    if (stopped) break;
    const results: RunResult[] = [];
    for (let run = 0; run < repeat && !stopped; run++) {
      const label = `${target.id}${repeat > 1 ? ` run ${run + 1}/${repeat}` : ''}`;
      const result = await runEval(items, target, {
        concurrency: options.concurrency,
        contexts: options.contexts,
        run,
        judge: options.judge,
        signal: options.signal,
        onProgress: (done, total) => {
          if (process.stderr.isTTY) process.stderr.write(`\r${label}: ${done}/${total}`);
        },
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      results.push(result);
      if (result.partial) stopped = true;
    }
    runs.set(target.id, results);
  }

  const report = buildReport(options.dataset, runs, Object.fromEntries(targets.map((t) => [t.id, t.description])));
  const problems: string[] = [];
  let exitCode = 0;
  if (floors) {
    const gated = report.targets[0];
    const mean = Object.fromEntries(Object.entries(gated.aggregate.overall).map(([k, s]) => [k, s.mean])) as Parameters<typeof checkFloors>[0];
    report.floors = { target: gated.target, floors, failures: checkFloors(mean, floors) };
    for (const f of report.floors.failures) {
      problems.push(`FLOOR FAILED: ${f.metric} = ${f.actual === null ? 'n/a' : `${(f.actual * 100).toFixed(1)}%`} < floor ${(f.floor * 100).toFixed(1)}%`);
    }
    if (report.floors.failures.length) exitCode = 1;
  }
  if (previous && options.compare) report.comparison = compareReports(report, previous, { file: options.compare.file, target: options.compare.target });
  const partial = report.targets.flatMap((t) => t.runs.filter((r) => r.partial).map((r) => ({ target: t.target, ...r.partial! })));
  for (const p of partial) {
    problems.push(`PARTIAL RUN: ${p.target} answered ${p.answered} of ${p.total} questions before it stopped: ${p.reason}. The reports hold only those; later targets were not run.`);
    exitCode = 3;
  }
  const files = await writeReports(options.out, report);
  const text = [formatConsoleTable(report), ...(report.comparison ? ['', formatComparisonConsole(report.comparison)] : [])].join('\n');
  return { report, files, console: text, problems, exitCode };
}

async function buildTargets(options: SessionOptions, items: EvalItem[], log: (msg: string) => void): Promise<EvalTarget[]> {
  const { config, embedder } = options;
  const targets: EvalTarget[] = [];
  if (options.url) {
    targets.push(createHttpTarget({ url: options.url, headers: options.apiKey ? { 'x-api-key': options.apiKey } : undefined }));
  } else {
    const index = await ensureIndex(config, embedder, log);
    const services = createServices({ config, embedder, index: createIndexHolder(index) });
    targets.push(
      createServiceTarget(
        services.ask,
        'dossier',
        `Dossier in-process: index ${config.INDEX_DIR}/ (${index.chunks.length} chunks), embedder ${embedder.id}, top-${config.TOP_K} hybrid retrieval, ` +
          `${config.LLM_PROVIDER === 'none' ? 'offline extractive answerer' : `LLM answerer ${config.CHAT_MODEL}`}, abstain threshold ${config.ABSTAIN_THRESHOLD}.`,
      ),
    );
  }
  if (options.baseline) {
    const paths = config.CORPUS.map((p) => path.resolve(p));
    log('Building the LangChain.js baseline (RecursiveCharacterTextSplitter 1000/200 → HNSWLib top-4)…');
    targets.push(await createBaseline({ embedder, paths }));
    const bm25 = await createBm25Baseline({ paths });
    const calibration = await calibrateOn(bm25, items);
    log(`BM25 baseline: ${bm25.sentenceCount} sentences; abstention threshold ${calibration.threshold.toFixed(3)} calibrated on ${calibration.n} questions of this dataset.`);
    targets.push({
      id: bm25.id,
      get description() {
        return `${bm25.description} The threshold was calibrated on this dataset's gold answers (${calibration.n} questions; best accuracy ${(calibration.accuracy * 100).toFixed(1)}%).`;
      },
      ask: (request, opts) => bm25.ask(request, opts),
    });
  }
  return targets;
}
