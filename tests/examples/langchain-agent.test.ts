import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/dossier-server.js';
import { runCli } from '../helpers/processes.js';
import { TEST_INDEX_DIR } from '../helpers/test-index.js';

/** The README's LangChain example runs in CI, offline: as a user would run it, in a child process. */
describe('examples/langchain-agent.ts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const expectExampleOutput = (out: string) => {
    // The retriever's documents and the agent's tool call, each with a citation of the report's table row.
    expect(out).toMatch(/1\. DossierRetriever documents:\n\s+\[1\] \S+#table-row-\d+/);
    expect(out).toMatch(/chain answer: The report says: .*Badakhshan.* \[1\]/);
    expect(out).toMatch(/citations in the artifact: \S+#table-row-\d+/);
    expect(out).toMatch(/final answer:[\s\S]*Badakhshan[\s\S]*Sources:/);
  };

  it('runs in-process over the index on disk and exits 0', async () => {
    const run = runCli('examples/langchain-agent.ts', [], { INDEX_DIR: TEST_INDEX_DIR, EMBEDDER_WORKERS: '0' });
    expect(await run.exited).toBe(0);
    expectExampleOutput(run.output());
    expect(run.output()).toContain('Dossier: in-process');
    expect(run.output()).toMatch(/3\. Agent with the table tool:[\s\S]*tool call: query_dossier_tables\(\{"table":"[^"]+#table-\d+","operation":"count"[\s\S]*rows matched: [1-9]\d*; citations: [1-9]/);
  });

  it('runs against a remote Dossier with --url and exits 0', async () => {
    const run = runCli('examples/langchain-agent.ts', ['--url', server.url], {});
    expect(await run.exited).toBe(0);
    expectExampleOutput(run.output());
    expect(run.output()).toContain(`Dossier: ${server.url}`);
    // The table tool needs the engine in-process; over HTTP the example stops after the agent.
    expect(run.output()).not.toContain('3. Agent with the table tool');
  });
});
