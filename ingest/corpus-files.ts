import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { IngestError } from '../src/core/errors.js';

/** File extensions ingest reads. */
export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.txt', '.pdf'];

const GLOB = /[*?[\]{}]/;

/**
 * The files a CORPUS names: a file as is, a folder as every supported file
 * under it, a glob (`reports/*.md`, `docs/**\/*.pdf`, `briefs/{a,b}.md`) as
 * the files it matches. A folder or glob skips a PDF whose Markdown or text
 * twin is also there (the twin is read and takes its pages from the PDF).
 * Sorted and deduplicated; throws an IngestError naming a pattern that
 * matches nothing.
 */
export function resolveCorpus(patterns: readonly string[]): string[] {
  const out = new Set<string>();
  for (const pattern of patterns) {
    const found = GLOB.test(pattern) ? matchGlob(pattern) : expandPath(path.resolve(pattern));
    if (!found.length) throw new IngestError(`CORPUS entry "${pattern}" matches no .md, .markdown, .txt or .pdf file; check the path.`);
    for (const f of found) out.add(f);
  }
  return dropTwins([...out].sort());
}

function expandPath(full: string): string[] {
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return [full]; // a missing file is reported by the loader, with its name
  }
  if (!stat.isDirectory()) return [full];
  return walk(full).filter(isSupported);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function matchGlob(pattern: string): string[] {
  const full = path.resolve(pattern);
  const parts = full.split(path.sep);
  const firstGlob = parts.findIndex((p) => GLOB.test(p));
  const base = parts.slice(0, firstGlob).join(path.sep) || path.sep;
  const regex = globRegex(parts.slice(firstGlob).join('/'));
  let files: string[];
  try {
    files = walk(base);
  } catch {
    return [];
  }
  return files.filter((f) => isSupported(f) && regex.test(path.relative(base, f).split(path.sep).join('/')));
}

/** `**` any folders, `*` any characters but `/`, `?` one, `{a,b}` alternatives, `[abc]` a class. */
function globRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '{') {
      const end = glob.indexOf('}', i);
      re += `(?:${glob.slice(i + 1, end).split(',').map(escape).join('|')})`;
      i = end;
    } else if (ch === '[') {
      const end = glob.indexOf(']', i);
      re += glob.slice(i, end + 1);
      i = end;
    } else re += escape(ch);
  }
  return new RegExp(`^${re}$`);
}

function escape(s: string): string {
  return s.replace(/[.+^$()|\\]/g, '\\$&');
}

function isSupported(file: string): boolean {
  return SUPPORTED_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

function dropTwins(files: string[]): string[] {
  const set = new Set(files);
  return files.filter((f) => {
    if (path.extname(f).toLowerCase() !== '.pdf') return true;
    const stem = f.slice(0, -4);
    return !['.md', '.markdown', '.txt'].some((ext) => set.has(stem + ext));
  });
}
