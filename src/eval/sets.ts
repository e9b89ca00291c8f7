import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config/config.js';
import { DatasetError } from '../core/errors.js';
import { loadFloors, type Floors } from './floors.js';
import { METRIC_KEYS, type MetricKey } from './runner.js';
import { runEvalSession, type SessionOptions } from './session.js';

/** One question set the CI gate scores, with the index it runs against and its own floors. */
export interface EvalSet {
  name: string;
  dataset: string;
  /** Index folder (built from `corpus` when missing or stale); default: the configured INDEX_DIR. */
  indexDir?: string;
  /** Source documents of that index; default: the configured CORPUS. */
  corpus?: string[];
  /** A floors file, or the floors inline. */
  floors: string | Floors;
  /** Fail the gate when the dataset file is missing (default: skip it with a note). */
  required?: boolean;
}

const floorsSchema = z.record(z.string(), z.unknown());
const setSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must be a short name (letters, digits, . _ -); it names the output folder'),
  dataset: z.string().min(1),
  indexDir: z.string().min(1).optional(),
  corpus: z.array(z.string().min(1)).min(1).optional(),
  floors: z.union([z.string().min(1), floorsSchema]),
  required: z.boolean().optional(),
});
const fileSchema = z.object({ sets: z.array(setSchema).min(1) }).passthrough();

/** Read a sets file such as eval/sets.json; paths in it are relative to the repository root (the working directory). */
export async function loadSets(file: string): Promise<EvalSet[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new DatasetError(`Cannot read sets file ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DatasetError(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const names = new Set<string>();
  for (const s of parsed.data.sets) {
    if (names.has(s.name)) throw new DatasetError(`${file}: set name "${s.name}" is used twice.`);
    names.add(s.name);
    if (typeof s.floors !== 'string') {
      for (const [k, v] of Object.entries(s.floors)) {
        if (k.startsWith('_')) continue;
        if (!(METRIC_KEYS as readonly string[]).includes(k)) throw new DatasetError(`${file}: set "${s.name}": unknown metric "${k}" in floors.`);
        if (typeof v !== 'number' || v < 0 || v > 1) throw new DatasetError(`${file}: set "${s.name}": floor "${k}" must be a share between 0 and 1.`);
      }
    }
  }
  return parsed.data.sets as EvalSet[];
}

/** Session options shared by every set, plus how to configure each set's index. */
export interface RunSetsOptions extends Omit<SessionOptions, 'dataset' | 'config' | 'floors' | 'floorsFile' | 'compare'> {
  /** The configuration for one set (its index folder and corpus). */
  configFor(set: EvalSet): Config;
}

/** The gate's verdict: one line per set and the exit code (worst of all sets). */
export interface SetsOutcome {
  lines: string[];
  exitCode: number;
}

/**
 * Run each set whose dataset exists against its own floors, writing its
 * reports to `out/<name>/`, and summarise each in one line. A missing
 * dataset is skipped (or fails, when `required`); an error in one set does
 * not stop the others.
 */
export async function runSets(sets: EvalSet[], options: RunSetsOptions): Promise<SetsOutcome> {
  const lines: string[] = [];
  let exitCode = 0;
  const width = Math.max(...sets.map((s) => s.name.length));
  for (const set of sets) {
    const name = set.name.padEnd(width);
    if (!existsSync(set.dataset)) {
      lines.push(`${name}  ${set.required ? 'FAIL' : 'SKIP'}  ${set.dataset} not found${set.required ? ' (required)' : ''}`);
      if (set.required) exitCode = Math.max(exitCode, 2);
      continue;
    }
    try {
      const floors = typeof set.floors === 'string' ? await loadFloors(set.floors) : stripComments(set.floors);
      const result = await runEvalSession({ ...options, dataset: set.dataset, config: options.configFor(set), floors, out: path.join(options.out, set.name) });
      const gated = result.report.targets[0];
      const failures = result.report.floors?.failures ?? [];
      const n = gated.runs[0]?.rows.length ?? 0;
      const parts = Object.entries(floors).map(([metric, floor]) => {
        const actual = gated.aggregate.overall[metric as MetricKey]?.mean ?? null;
        const failed = failures.some((f) => f.metric === metric);
        return `${metric} ${actual === null ? 'n/a' : `${(actual * 100).toFixed(1)}%`} ${failed ? '<' : '≥'} ${((floor as number) * 100).toFixed(1)}%`;
      });
      const verdict = result.exitCode === 3 ? 'PART' : failures.length ? 'FAIL' : 'PASS';
      lines.push(`${name}  ${verdict}  ${n} q  ${parts.join(' · ')}`);
      for (const p of result.problems) lines.push(`${' '.repeat(width)}        ${p}`);
      exitCode = Math.max(exitCode, result.exitCode);
    } catch (err) {
      lines.push(`${name}  FAIL  ${(err as Error).message.split('\n')[0]}`);
      exitCode = Math.max(exitCode, 2);
    }
  }
  return { lines, exitCode };
}

function stripComments(floors: Floors): Floors {
  return Object.fromEntries(Object.entries(floors).filter(([k]) => !k.startsWith('_'))) as Floors;
}
