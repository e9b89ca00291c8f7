import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { IngestError } from '../../src/core/errors.js';

/** Share of control characters or undecodable bytes beyond which a file is binary, not text. */
const MAX_BINARY_SHARE = 0.02;

/**
 * Read a UTF-8 file, failing with an IngestError when it is missing, has no
 * text, or is a binary file under a text extension (an image or a PDF
 * renamed .md).
 */
export async function readTextFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new IngestError(`Cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    throw new IngestError(`${path} is a PDF file, not ${extname(path)} text; rename it to .pdf and ingest it again.`);
  }
  let text = bytes.toString('utf8');
  const sample = text.slice(0, 100_000);
  const bad = (sample.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g) ?? []).length;
  if (sample.length > 0 && (sample.includes('\u0000') || bad / sample.length > MAX_BINARY_SHARE)) {
    throw new IngestError(`${path} looks like a binary file (${bad} control or undecodable characters in the first ${sample.length}), not UTF-8 ${extname(path)} text; export it as Markdown or plain text, or give it its real extension.`);
  }
  // A BOM would shift every span by one character relative to editors.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new IngestError(`${path} is empty; nothing to ingest.`);
  return text;
}
