import { beforeAll, expect } from 'vitest';
import { chunkDocumentWithTables } from '../../ingest/chunk/chunk-document.js';
import { loadDocument } from '../../ingest/load/load-document.js';
import type { LoadedIndex } from '../../src/retrieval/load-index.js';
import type { QueryResult } from '../../src/tables/run-query.js';
import { createTableEngine, type TableEngine } from '../../src/tables/table-engine.js';

/**
 * For a test file: a table engine over `file`'s tables, read for real by ingest (beforeAll), and
 * `result(question)`, which expects the question to be read and returns its query's result.
 */
export function useTableEngine(file: string): { result: (question: string) => QueryResult; engine: () => TableEngine } {
  let engine: TableEngine | undefined;
  beforeAll(async () => {
    const { chunks, tables } = chunkDocumentWithTables(await loadDocument(file));
    engine = createTableEngine({ index: { current: { chunks, tables } as unknown as LoadedIndex } });
  });
  const get = () => {
    if (!engine) throw new Error(`The tables of ${file} were not loaded (their beforeAll failed).`);
    return engine;
  };
  return {
    engine: get,
    result: (question) => {
      const reading = get().read(question);
      expect(reading, question).not.toBeNull();
      return get().run(reading!.query).result;
    },
  };
}
