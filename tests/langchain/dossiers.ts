import { afterAll, beforeAll } from 'vitest';
import type { AskService } from '../../src/ask/ask-service.js';
import { createDossierClient } from '../../src/client/dossier-client.js';
import { startTestServer, type TestServer } from '../helpers/dossier-server.js';
import { getTestServices } from '../helpers/test-index.js';

/**
 * The two ways a LangChain integration reaches Dossier, for `describe.each`: the ask service in
 * process, and the typed client over real HTTP to a test server this suite starts and stops.
 */
export function dossierTargets(): Array<[string, () => Promise<Pick<AskService, 'ask'>>]> {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });
  return [
    ['in-process', async () => (await getTestServices()).services.ask],
    ['over HTTP', async () => createDossierClient({ baseUrl: server.url })],
  ];
}
