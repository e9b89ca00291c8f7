/** Kept so existing imports keep working; the tokeniser lives in src/core/ with the other shared text helpers. */
export { STOP_WORDS, stem, tokenize } from '../core/tokenize.js';
