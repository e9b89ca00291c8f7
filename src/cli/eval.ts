import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { createEmbedder } from '../embedders/create-embedder.js';
import { createBaseline } from '../eval/baseline.js';
import { loadDataset } from '../eval/dataset.js';
import { checkFloors, loadFloors } from '../eval/floors.js';
import { createOpenAIJudge, type Judge } from '../eval/judge.js';
import { buildReport, formatConsoleTable, writeReports } from '../eval/report.js';
import { runEval, type RunResult } from '../eval/runner.js';
import { createHttpTarget, createServiceTarget, type EvalTarget } from '../eval/target.js';
import { createIndexHolder } from '../retrieval/index-holder.js';
import { createServices } from '../server/create-services.js';
import { ensureIndex } from '../server/ensure-index.js';

const HELP = `Usage: npm run eval -- [--dataset FILE] [--url URL] [--out DIR] [--repeat N]
                        [--concurrency N] [--baseline] [--judge] [--check-floors FILE]

Scores Dossier on a JSON Lines question set: answer accuracy (whole-word alias
match, exact match, token F1), SQuAD 2.0-style abstention, citation support and
precision, retrieval recall@k/MRR, latency and answer length. Writes
results.json, report.md, junit.xml and report.html to --out.

  --dataset FILE       question set (default eval/dev.jsonl)
  --url URL            evaluate a running server through POST /api/ask
                       (default: in-process, building the index if needed)
  --out DIR            output folder (default eval/out)
  --repeat N           run the set N times; report mean ± sd (default 1)
  --concurrency N      questions in flight (default 4)
  --baseline           also score the plain LangChain.js recipe, side by side
  --judge              LLM judge metrics (needs LLM_PROVIDER=openai)
  --check-floors FILE  exit 1 when Dossier falls below the floors in FILE
  --limit N            only the first N questions (smoke runs)`;

try {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string', default: 'eval/dev.jsonl' },
      url: { type: 'string' },
      out: { type: 'string', default: 'eval/out' },
      repeat: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '4' },
      baseline: { type: 'boolean', default: false },
      judge: { type: 'boolean', default: false },
      'check-floors': { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const repeat = positiveInt(values.repeat, '--repeat');
  const concurrency = positiveInt(values.concurrency, '--concurrency');
  const floors = values['check-floors'] ? await loadFloors(values['check-floors']) : undefined;
  let items = await loadDataset(values.dataset);
  if (values.limit) items = items.slice(0, positiveInt(values.limit, '--limit'));

  const config = loadConfig();
  const embedder = createEmbedder(config);
  const targets: EvalTarget[] = [];
  if (values.url) {
    targets.push(createHttpTarget({ url: values.url }));
  } else {
    const index = await ensureIndex(config, embedder, (msg) => console.error(msg));
    const services = createServices({ config, embedder, index: createIndexHolder(index) });
    targets.push(createServiceTarget(services.ask));
  }
  if (values.baseline) {
    console.error('Building the LangChain.js baseline (RecursiveCharacterTextSplitter 1000/200 → HNSWLib top-4)…');
    targets.push(await createBaseline({ embedder, paths: config.CORPUS.map((p) => path.resolve(p)) }));
  }
  let judge: Judge | undefined;
  if (values.judge) {
    if (config.LLM_PROVIDER === 'none') throw new Error('--judge needs an LLM: set LLM_PROVIDER=openai and OPENAI_API_KEY or OPENAI_BASE_URL.');
    judge = createOpenAIJudge({ baseURL: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY, model: config.CHAT_MODEL, timeoutMs: config.LLM_TIMEOUT_MS });
  }

  const runs = new Map<string, RunResult[]>();
  for (const target of targets) {
    const results: RunResult[] = [];
    for (let run = 0; run < repeat; run++) {
      const label = `${target.id}${repeat > 1 ? ` run ${run + 1}/${repeat}` : ''}`;
      results.push(
        await runEval(items, target, {
          concurrency,
          run,
          judge,
          onProgress: (done, total) => {
            if (process.stderr.isTTY) process.stderr.write(`\r${label}: ${done}/${total}`);
          },
        }),
      );
      if (process.stderr.isTTY) process.stderr.write('\n');
    }
    runs.set(target.id, results);
  }

  const report = buildReport(values.dataset, runs);
  if (floors) {
    const gated = report.targets[0];
    const mean = Object.fromEntries(Object.entries(gated.aggregate.overall).map(([k, s]) => [k, s.mean])) as Parameters<typeof checkFloors>[0];
    report.floors = { target: gated.target, floors, failures: checkFloors(mean, floors) };
  }
  const files = await writeReports(values.out, report);
  console.log(formatConsoleTable(report));
  console.log(`\nWrote ${files.join(', ')}`);
  if (report.floors) {
    if (report.floors.failures.length) {
      for (const f of report.floors.failures) {
        console.error(`FLOOR FAILED: ${f.metric} = ${f.actual === null ? 'n/a' : `${(f.actual * 100).toFixed(1)}%`} < floor ${(f.floor * 100).toFixed(1)}%`);
      }
      process.exit(1);
    }
    console.log(`All floors in ${values['check-floors']} met.`);
  }
} catch (err) {
  console.error(`eval failed: ${(err as Error).message}`);
  process.exit(2);
}

function positiveInt(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got "${value}".`);
  return n;
}
