import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { createEmbedder } from '../embedders/create-embedder.js';
import { buildApp } from './app.js';
import { createServices } from './create-services.js';
import { startIndexLifecycle } from './index-lifecycle.js';
import { createIndexStatus } from './index-status.js';

/**
 * Starts the service: listens at once (so /health answers), then loads or
 * builds the index — retrying with backoff while it fails — and marks itself
 * ready. SIGTERM/SIGINT shut down gracefully: new requests get 503, in-flight
 * ones finish (up to REQUEST_TIMEOUT_MS), then the listener and Redis close
 * and the process exits 0. A second signal exits at once (code 1).
 */
export async function startServer(config: Config): Promise<FastifyInstance> {
  const embedder = createEmbedder(config);
  // Services are built before the app, so LLM fallbacks reach the app's logger through this late binding.
  let log: FastifyInstance['log'] | undefined;
  const services = createServices({
    config,
    embedder,
    logger: {
      warn: (obj, msg) => (log ? log.warn(obj, msg) : console.warn(JSON.stringify({ level: 'warn', msg, ...obj }))),
      info: (obj, msg) => (log ? log.info(obj, msg) : console.warn(JSON.stringify({ level: 'info', msg, ...obj }))),
    },
  });
  services.indexStatus ??= createIndexStatus();
  const app = await buildApp({
    services,
    logger: { level: config.LOG_LEVEL },
  });
  log = app.log;
  await app.listen({ port: config.PORT, host: config.HOST });
  let closing = false;
  const lifecycle = startIndexLifecycle({
    config,
    embedder,
    holder: services.index,
    status: services.indexStatus,
    logger: app.log,
    progress: true,
    onServing: (index) => {
      if (closing) return;
      app.log.info({ chunks: index.manifest.counts.chunks, dir: index.dir }, `ready: ask at http://${config.HOST}:${config.PORT}/api/ask`);
      // The first question should not wait for the model to load.
      embedder.warmUp?.().then(
        () => app.log.info('embedder warmed up'),
        (err: Error) => app.log.warn({ err: { message: err.message } }, `embedder warm-up failed: ${err.message}`),
      );
    },
  });

  const shutdown = async (signal: string) => {
    if (closing) {
      app.log.warn({ signal }, 'second signal: exiting without waiting for in-flight requests');
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal, inFlight: app.drain.inFlight }, 'shutting down: finishing in-flight requests');
    try {
      lifecycle.stop();
      const drained = await Promise.race([
        app.drain.begin().then(() => true),
        new Promise<false>((resolve) => setTimeout(resolve, config.REQUEST_TIMEOUT_MS, false).unref()),
      ]);
      if (!drained) app.log.warn({ inFlight: app.drain.inFlight }, 'shutdown: requests still running after REQUEST_TIMEOUT_MS; closing anyway');
      await app.close();
      await services.close?.();
      app.log.info({}, 'shut down cleanly');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return app;
}
