import { loadConfig } from '../config/config.js';
import { startServer } from '../server/server.js';

try {
  await startServer(loadConfig());
} catch (err) {
  console.error(`dossier: ${(err as Error).message}`);
  process.exit(1);
}
