import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chunkDocumentWithTables } from '../../ingest/chunk/chunk-document.js';
import { loadDocument } from '../../ingest/load/load-document.js';
import type { LoadedIndex } from '../retrieval/load-index.js';
import { generateQuestions, type GeneratedQuestion, type Gold } from '../eval/generate-questions.js';
import type { QueryResult } from '../tables/run-query.js';
import { createTableEngine } from '../tables/table-engine.js';
import { foldText } from '../tables/text-fold.js';

const HELP = `Usage: npm run eval:generate -- [--docs FILE,FILE] [--out DIR] [--failures dev|heldout|all|none] [--check-floors FILE]

Generates table questions from each document's own tables (templates over the real
column values, gold read from the source lines by plain code), writes them to
eval/generated/<document>.jsonl and scores the table engine on them: accuracy by
operation, for the development phrasings, the held-out ones (6–8) and the blind ones
(9–11, never listed as failures) each on their own.
Tables are parsed by ingest without embedding anything (seconds, not minutes).
--check-floors FILE: {"<document id>": {"accuracy": 0.95}, …}; one line per document,
exit 1 when a document scores under its floor (the CI gate runs this).`;

const DEFAULT_DOCS = ['ingest/corpus/china-security-management-central-asia.md', 'tests/fixtures/serra-basin-brief.md'];

interface Scored extends GeneratedQuestion {
  correct: boolean;
  got: string;
}

const { values } = parseArgs({
  options: {
    docs: { type: 'string' },
    out: { type: 'string', default: 'eval/generated' },
    failures: { type: 'string', default: 'dev' },
    'check-floors': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const docs = (values.docs ? values.docs.split(',') : DEFAULT_DOCS).map((p) => path.resolve(p));
await mkdir(values.out!, { recursive: true });
const all: Scored[] = [];
for (const file of docs) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    console.error(`skipping ${path.relative(process.cwd(), file)}: not found`);
    continue;
  }
  const doc = await loadDocument(file);
  const { chunks, tables } = chunkDocumentWithTables(doc);
  const engine = createTableEngine({ index: { current: { chunks, tables } as unknown as LoadedIndex } });
  const questions = generateQuestions(doc.id, text);
  await writeFile(path.join(values.out!, `${doc.id}.jsonl`), questions.map((q) => JSON.stringify(q)).join('\n') + '\n');
  for (const q of questions) {
    const reading = engine.read(q.question);
    let result: QueryResult | null = null;
    try {
      result = reading ? engine.run(reading.query).result : null;
    } catch {
      result = null;
    }
    const { correct, got } = score(q.gold, q.tableLines, result);
    all.push({ ...q, correct, got });
  }
  console.error(`${doc.id}: ${questions.length} questions over ${tables.length} tables`);
}

const pct = (xs: Scored[]) => (xs.length ? `${((100 * xs.filter((x) => x.correct).length) / xs.length).toFixed(1)}%` : '—');
const lines: string[] = [];
for (const document of [...new Set(all.map((q) => q.document))]) {
  const mine = all.filter((q) => q.document === document);
  const held = (q: Scored) => q.heldOut && !q.blind;
  lines.push(
    `\n${document}: ${mine.length} questions, ${pct(mine)} exact (dev ${pct(mine.filter((q) => !q.heldOut))}, held-out ${pct(mine.filter(held))}, blind ${pct(mine.filter((q) => q.blind))})`,
  );
  lines.push(`  ${'operation'.padEnd(10)} ${'n'.padStart(4)} ${'dev'.padStart(14)} ${'held-out'.padStart(14)} ${'blind'.padStart(14)} phrasings`);
  for (const op of [...new Set(mine.map((q) => q.operation))]) {
    const ops = mine.filter((q) => q.operation === op);
    const cell = (xs: Scored[]) => `${pct(xs)} (${xs.length})`.padStart(14);
    const phrasings = new Set(ops.map((q) => `${q.id.split(':')[2]}:${q.phrasing}`)).size;
    lines.push(`  ${op.padEnd(10)} ${String(ops.length).padStart(4)} ${cell(ops.filter((q) => !q.heldOut))} ${cell(ops.filter(held))} ${cell(ops.filter((q) => q.blind))} ${phrasings}`);
  }
}
console.log(lines.join('\n'));
const show = values.failures;
// Blind phrasings are never listed: reading them would make them development data.
const failed = all.filter((q) => !q.correct && !q.blind && (show === 'all' || (show === 'dev' && !q.heldOut) || (show === 'heldout' && q.heldOut)));
if (show !== 'none' && failed.length) {
  console.log(`\nFailures (${show}):`);
  const perFamily = new Map<string, number>();
  for (const q of failed) {
    const family = q.id.split(':')[2];
    perFamily.set(family, (perFamily.get(family) ?? 0) + 1);
    if (perFamily.get(family)! > 6) continue;
    console.log(`  [${q.operation}] ${q.question}\n      gold ${JSON.stringify(q.gold)} got ${q.got}`);
  }
}
await writeFile(path.join(values.out!, 'summary.txt'), `${lines.join('\n').trim()}\n`);
if (values['check-floors']) {
  const floors = JSON.parse(await readFile(values['check-floors'], 'utf8')) as Record<string, { accuracy?: number }>;
  let failedFloors = 0;
  for (const [document, floor] of Object.entries(floors)) {
    if (document.startsWith('_') || floor.accuracy === undefined) continue;
    const mine = all.filter((q) => q.document === document);
    const accuracy = mine.length ? mine.filter((q) => q.correct).length / mine.length : 0;
    const ok = mine.length > 0 && accuracy >= floor.accuracy;
    if (!ok) failedFloors++;
    console.log(`generated ${document}: ${ok ? 'PASS' : 'FAIL'} accuracy ${(100 * accuracy).toFixed(1)}% (floor ${(100 * floor.accuracy).toFixed(1)}%, ${mine.length} questions)`);
  }
  if (failedFloors) process.exitCode = 1;
}

/** Compare the engine's result with the gold read from the source. */
function score(gold: Gold, tableLines: [number, number], result: QueryResult | null): { correct: boolean; got: string } {
  if (!result) return { correct: false, got: 'no table reading' };
  const lines = result.table.table.rows.map((r) => r.line ?? -1);
  const sameTable = lines.some((l) => l >= tableLines[0] && l <= tableLines[1]);
  const rowLines = result.rows.map((r) => r.row.line ?? -1).sort((a, b) => a - b);
  const where = sameTable ? '' : ` (table ${result.table.table.label ?? result.table.table.id})`;
  switch (gold.kind) {
    case 'count':
      return { correct: sameTable && result.count === gold.value, got: `${result.count}${where}` };
    case 'rows': {
      const want = [...gold.lines].sort((a, b) => a - b);
      return { correct: sameTable && rowLines.join(',') === want.join(','), got: `lines ${rowLines.join(',')}${where}` };
    }
    case 'value': {
      const target = result.target;
      const got = [...new Set(result.rows.map((r) => (target ? (r.row.cells[target.index]?.text ?? '') : '')))];
      return { correct: sameTable && got.length === 1 && foldText(got[0]) === foldText(gold.text), got: `${JSON.stringify(got)}${where}` };
    }
    case 'keys': {
      const groups = result.groups ?? [];
      const top = groups.filter((g) => g.count === groups[0]?.count).map((g) => foldText(g.key));
      // A group key may be the block's full label ("North–South") where the question names its distinctive part ("North").
      const names = (key: string, want: string) => key === want || want.split(' ').every((w) => key.split(' ').includes(w));
      const correct = sameTable && top.length === gold.keys.length && gold.keys.every((k) => top.some((t) => names(t, foldText(k))));
      return { correct, got: `${JSON.stringify(top)}${where}` };
    }
    case 'counts': {
      const groups = result.groups ?? [];
      const names = (key: string, want: string) => key === want || want.split(' ').every((w) => key.split(' ').includes(w));
      const want = Object.entries(gold.counts);
      const correct =
        sameTable &&
        groups.length === want.length &&
        want.every(([k, n]) => groups.some((g) => names(foldText(g.key), foldText(k)) && g.count === n));
      return { correct, got: `${JSON.stringify(Object.fromEntries(groups.map((g) => [g.key, g.count])))}${where}` };
    }
  }
}
