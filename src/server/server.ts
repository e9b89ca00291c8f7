import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { createEmbedder } from '../embedders/create-embedder.js';
import { buildApp } from './app.js';
import { createServices } from './create-services.js';
import { ensureIndex } from './ensure-index.js';

/**
 * Starts the service: listens at once (so /health answers), then loads or
 * builds the index and marks itself ready. SIGTERM/SIGINT close gracefully:
 * stop accepting, finish in-flight requests, exit 0.
 */
export async function startServer(config: Config): Promise<FastifyInstance> {
  const embedder = createEmbedder(config);
  // Services are built before the app, so LLM fallbacks reach the app's logger through this late binding.
  let log: FastifyInstance['log'] | undefined;
  const services = createServices({
    config,
    embedder,
    logger: { warn: (obj, msg) => (log ? log.warn(obj, msg) : console.warn(JSON.stringify({ level: 'warn', msg, ...obj }))) },
  });
  const app = await buildApp({
    services,
    logger: { level: config.LOG_LEVEL },
  });
  log = app.log;
  await app.listen({ port: config.PORT, host: config.HOST });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    try {
      await app.close();
      await services.close?.();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  try {
    const index = await ensureIndex(config, embedder, (msg) => app.log.info(msg));
    services.index.swap(index);
    app.log.info({ chunks: index.manifest.counts.chunks, dir: index.dir }, `ready: ask at http://${config.HOST}:${config.PORT}/api/ask`);
    // The first question should not wait for the model to load.
    embedder.warmUp?.().then(
      () => app.log.info('embedder warmed up'),
      (err: Error) => app.log.warn({ err }, `embedder warm-up failed: ${err.message}`),
    );
  } catch (err) {
    app.log.error({ err }, `could not load the index: ${(err as Error).message}`);
  }
  return app;
}
