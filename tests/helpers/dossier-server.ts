import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/server/app.js';
import { createServices } from '../../src/server/create-services.js';
import type { DossierServices } from '../../src/server/plugins/services.js';
import { createIndexHolder } from '../../src/retrieval/index-holder.js';
import { getTestServices } from './test-index.js';

export interface TestServer {
  /** Base URL of the listening server, e.g. http://127.0.0.1:40123 */
  url: string;
  services: DossierServices;
  close(): Promise<void>;
}

/**
 * A real Dossier over the report's test index, listening on a free loopback port.
 * `loaded: false` gives a server whose index is not loaded yet (every ask is 503 NOT_READY).
 */
export async function startTestServer(env: Record<string, string> = {}, options: { loaded?: boolean } = {}): Promise<TestServer> {
  const { config, embedder, holder } = await getTestServices(env);
  const services = createServices({ config, embedder, index: options.loaded === false ? createIndexHolder() : holder, logger: { warn: () => undefined } });
  const app = await buildApp({ services });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, services, close: () => app.close() };
}
