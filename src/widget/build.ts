import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const WIDGET_DIR = path.dirname(fileURLToPath(import.meta.url));
/** Where `npm run build:widget` writes the bundle. */
export const WIDGET_DIST = path.resolve(WIDGET_DIR, '../../dist/widget.js');

/** Bundle `src/widget/widget.ts` into one self-contained, minified IIFE (no framework, no runtime deps). */
export async function buildWidget({ minify = true }: { minify?: boolean } = {}): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(WIDGET_DIR, 'widget.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

async function newestSourceMtime(): Promise<number> {
  const files = (await readdir(WIDGET_DIR)).filter((f) => f.endsWith('.ts') && f !== 'build.ts');
  const times = await Promise.all(files.map(async (f) => (await stat(path.join(WIDGET_DIR, f))).mtimeMs));
  return Math.max(0, ...times);
}

/**
 * The bundle the server serves: `dist/widget.js` when it exists and is newer
 * than the sources (or the sources are absent), otherwise built in memory, so
 * `npm start` works on a fresh clone and never serves a stale build.
 */
export async function loadWidgetBundle(distPath = WIDGET_DIST): Promise<{ code: string; from: 'dist' | 'memory' }> {
  const dist = await stat(distPath).catch(() => undefined);
  if (dist) {
    const newest = await newestSourceMtime().catch(() => 0);
    if (dist.mtimeMs >= newest) return { code: await readFile(distPath, 'utf8'), from: 'dist' };
  }
  return { code: await buildWidget(), from: 'memory' };
}

/** Raw and gzipped size in bytes. */
export function bundleSize(code: string): { raw: number; gzip: number } {
  return { raw: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await buildWidget();
  await mkdir(path.dirname(WIDGET_DIST), { recursive: true });
  await writeFile(WIDGET_DIST, code);
  const { raw, gzip } = bundleSize(code);
  console.log(`wrote ${path.relative(process.cwd(), WIDGET_DIST)}: ${(raw / 1024).toFixed(1)} kB raw, ${(gzip / 1024).toFixed(1)} kB gzipped`);
}
