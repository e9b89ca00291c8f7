import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config/config.js';
import { createEmbedder } from '../embedders/create-embedder.js';
import { runEvalSession, type SessionOptions } from '../eval/session.js';
import { loadSets, runSets } from '../eval/sets.js';
import { compareReports, readReport } from '../eval/compare.js';
import { writeReports } from '../eval/report.js';
import { createOpenAIJudge, type Judge } from '../eval/judge.js';

const HELP = `Usage: npm run eval -- [--dataset FILE] [--url URL] [--out DIR] [--baseline]
                        [--compare PREVIOUS/results.json] [--repeat N] [--judge] ...
       npm run eval -- --sets eval/sets.json [--out DIR]     (the CI gate)
       npm run eval -- --render RESULTS.json [--compare PREVIOUS.json] [--out DIR]

Scores Dossier on a question set (JSON Lines, JSON array or CSV): contains-gold
accuracy, abstention precision and recall, citation support and precision,
evidence recall@k and MRR, answer length and latency (exact match and token F1
are in results.json). Writes results.json, report.md, junit.xml and report.html.

  --dataset FILE       question set (default eval/dev.jsonl); .jsonl, .json or .csv
  --format F           jsonl | json | csv (default: from the file name)
  --url URL            evaluate a running server through POST /api/ask
                       (default: in-process, building the index if needed)
  --api-key KEY        sent as x-api-key with --url
  --out DIR            output folder (default eval/out)
  --baseline           also score two baselines in the same run: the plain
                       LangChain.js recipe and BM25 sentence retrieval with an
                       abstention threshold calibrated on this dataset
  --compare FILE       a previous results.json: regressions, fixes and metric
                       deltas per type in every report and on the console
  --compare-target ID  which target of FILE to compare with (default: same id)
  --repeat N           run the set N times; report mean ± sd (default 1)
  --concurrency N      questions in flight (default 4)
  --contexts N         retrieved contexts kept per question (default 5)
  --judge              LLM judge metrics (needs LLM_PROVIDER=openai)
  --check-floors FILE  exit 1 when Dossier falls below the floors in FILE
  --sets FILE          run every listed set that exists against its own floors
  --render FILE        rebuild the reports from a saved results.json
  --limit N            only the first N questions (smoke runs)

Exit codes: 0 ok, 1 a floor failed, 2 bad input or setup, 3 partial run.`;

try {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string', default: 'eval/dev.jsonl' },
      format: { type: 'string' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      out: { type: 'string', default: 'eval/out' },
      repeat: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '4' },
      contexts: { type: 'string', default: '5' },
      baseline: { type: 'boolean', default: false },
      compare: { type: 'string' },
      'compare-target': { type: 'string' },
      judge: { type: 'boolean', default: false },
      'check-floors': { type: 'string' },
      sets: { type: 'string' },
      render: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  if (values.format !== undefined && !['jsonl', 'json', 'csv'].includes(values.format)) throw new Error(`--format must be jsonl, json or csv, got "${values.format}".`);

  if (values.render) {
    const report = await readReport(values.render);
    if (values.compare) report.comparison = compareReports(report, await readReport(values.compare), { file: values.compare, target: values['compare-target'] });
    const files = await writeReports(values.out, report);
    console.log(`Wrote ${files.join(', ')}`);
    process.exit(0);
  }

  const config = loadConfig();
  const embedder = createEmbedder(config);
  let judge: Judge | undefined;
  if (values.judge) {
    if (config.LLM_PROVIDER === 'none') throw new Error('--judge needs an LLM: set LLM_PROVIDER=openai and OPENAI_API_KEY or OPENAI_BASE_URL.');
    judge = createOpenAIJudge({ baseURL: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY, model: config.CHAT_MODEL, timeoutMs: config.LLM_TIMEOUT_MS });
  }
  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    console.error('\nInterrupted: finishing the questions in flight and writing a partial report (Ctrl-C again to quit).');
    interrupt.abort('SIGINT');
    process.once('SIGINT', () => process.exit(130));
  });

  const common: Omit<SessionOptions, 'dataset' | 'config' | 'out'> = {
    embedder,
    url: values.url,
    apiKey: values['api-key'],
    baseline: values.baseline,
    repeat: positiveInt(values.repeat, '--repeat'),
    concurrency: positiveInt(values.concurrency, '--concurrency'),
    contexts: positiveInt(values.contexts, '--contexts'),
    limit: values.limit ? positiveInt(values.limit, '--limit') : undefined,
    judge,
    signal: interrupt.signal,
    log: (msg) => console.error(msg),
  };

  if (values.sets) {
    const sets = await loadSets(values.sets);
    const outcome = await runSets(sets, {
      ...common,
      out: values.out,
      configFor: (set): Config => ({ ...config, INDEX_DIR: set.indexDir ?? config.INDEX_DIR, CORPUS: set.corpus ?? config.CORPUS }),
    });
    for (const line of outcome.lines) console.log(line);
    process.exit(outcome.exitCode);
  }

  const result = await runEvalSession({
    ...common,
    dataset: values.dataset,
    format: values.format as SessionOptions['format'],
    config,
    out: values.out,
    floorsFile: values['check-floors'],
    compare: values.compare ? { file: values.compare, target: values['compare-target'] } : undefined,
  });
  console.log(result.console);
  console.log(`\nWrote ${result.files.join(', ')}`);
  for (const line of result.problems) console.error(line);
  process.exit(result.exitCode);
} catch (err) {
  console.error(`eval failed: ${(err as Error).message}`);
  process.exit(2);
}

function positiveInt(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got "${value}".`);
  return n;
}
