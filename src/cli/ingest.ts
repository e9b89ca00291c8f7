import { parseArgs } from 'node:util';
import { buildIndex } from '../../ingest/build-index.js';
import { createTerminalProgress } from '../../ingest/progress.js';
import { loadConfig } from '../config/config.js';
import { createEmbedder } from '../embedders/create-embedder.js';

const HELP = `Usage: npm run ingest [-- [--index DIR] FILE|FOLDER|GLOB...]

Builds the search index from .md, .markdown, .txt and .pdf files (default: the
bundled report, or CORPUS, which takes the same files, folders and globs,
comma-separated). A .md/.txt with a .pdf of the same name beside it takes its
page numbers from the PDF. The live index is replaced only when the new one is
complete; a failed ingest leaves it untouched.`;

try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { index: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const config = loadConfig();
  const paths = positionals.length ? positionals : config.CORPUS;
  const indexRoot = values.index ?? config.INDEX_DIR;
  const { manifest, dir, timings, warnings } = await buildIndex({ paths, indexRoot, embedder: createEmbedder(config), onProgress: createTerminalProgress() });
  for (const warning of warnings) console.warn(`\nwarning: ${warning}`);
  for (const d of manifest.documents) {
    const m = d.metadata;
    if (m?.title) console.log(`\n${d.source}: "${m.title}"${m.author ? ` by ${m.author}` : ''}${m.publisher ? `, ${m.publisher}` : ''}${m.date ? `, ${m.date}` : ''}`);
  }
  const kinds = Object.entries(manifest.counts.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(`\nIndexed ${manifest.counts.chunks} chunks (${kinds}) and ${manifest.counts.sentences} sentences into ${dir}`);
  console.log(`Stages: load ${(timings.loadMs / 1000).toFixed(1)} s, chunk ${(timings.chunkMs / 1000).toFixed(1)} s, embed ${(timings.embedMs / 1000).toFixed(1)} s, write ${(timings.writeMs / 1000).toFixed(1)} s; total ${(timings.totalMs / 1000).toFixed(1)} s`);
} catch (err) {
  console.error(`\ningest failed: ${(err as Error).message}`);
  process.exit(1);
}
