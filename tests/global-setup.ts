import { ensureTestIndex } from './helpers/test-index.js';

/**
 * Build the report's index once for the whole test run. A failure is reported
 * but does not stop tests that do not need the index (they still run and the
 * ones that do fail on load with the index error).
 */
export default async function setup(): Promise<void> {
  try {
    await ensureTestIndex();
  } catch (err) {
    console.error(`[global-setup] could not build the test index: ${(err as Error).message}`);
  }
}
