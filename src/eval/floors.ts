import { readFile } from 'node:fs/promises';
import { DatasetError } from '../core/errors.js';
import { METRIC_KEYS, type MetricKey, type Metrics } from './runner.js';

/** Minimum scores CI accepts, recorded in the repo (e.g. eval/floors.json) and raised as the system improves. */
export type Floors = Partial<Record<MetricKey, number>>;

export interface FloorFailure {
  metric: MetricKey;
  floor: number;
  actual: number | null;
}

/** Read a floors file: `{ "accuracy": 0.5, "citationSupport": 0.6, ... }` (keys starting with "_" are comments). */
export async function loadFloors(file: string): Promise<Floors> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new DatasetError(`Cannot read floors file ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new DatasetError(`${file} must contain a JSON object of metric floors.`);
  const floors: Floors = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('_')) continue;
    if (!(METRIC_KEYS as readonly string[]).includes(key)) throw new DatasetError(`${file}: unknown metric "${key}" (known: ${METRIC_KEYS.join(', ')}).`);
    if (typeof value !== 'number' || value < 0 || value > 1) throw new DatasetError(`${file}: floor for "${key}" must be a number between 0 and 1.`);
    floors[key as MetricKey] = value;
  }
  return floors;
}

/** Metrics below their floor (a missing metric counts as below). Empty means the gate passes. */
export function checkFloors(metrics: Metrics, floors: Floors): FloorFailure[] {
  const failures: FloorFailure[] = [];
  for (const [metric, floor] of Object.entries(floors) as Array<[MetricKey, number]>) {
    const actual = metrics[metric];
    if (actual === null || actual < floor) failures.push({ metric, floor, actual });
  }
  return failures;
}
