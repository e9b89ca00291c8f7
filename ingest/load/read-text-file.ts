import { readFile } from 'node:fs/promises';
import { IngestError } from '../../src/core/errors.js';

/** Read a UTF-8 file, failing with an IngestError when it is missing or has no text. */
export async function readTextFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new IngestError(`Cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  // A BOM would shift every span by one character relative to editors.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new IngestError(`${path} is empty; nothing to ingest.`);
  return text;
}
