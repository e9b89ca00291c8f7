/**
 * The benchmark's server process: the real `startServer` (config from the environment,
 * index loaded from INDEX_DIR, never re-embedded when fresh). It tells its parent the
 * port once listening and answers `stats` with its peak memory, so autocannon in the
 * parent process never competes with the server's event loop.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config/config.js';
import { startServer } from '../src/server/server.js';

const app = await startServer(loadConfig());
process.send?.({ port: (app.server.address() as AddressInfo).port });
process.on('message', (msg) => {
  if (msg === 'stats') process.send?.({ maxRssBytes: process.resourceUsage().maxRSS * 1024, rssBytes: process.memoryUsage().rss });
});
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
