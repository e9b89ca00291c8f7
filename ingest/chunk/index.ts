/** Ingest entry points: load a file, then chunk it. */
export { loadDocument } from '../load/load-document.js';
export type { SourceDocument, PageRange } from '../load/source-document.js';
export { parseStructure } from '../parse/parse-structure.js';
export type { Block } from '../parse/block.js';
export { chunkDocument } from './chunk-document.js';
