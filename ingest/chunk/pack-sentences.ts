/** Size limits for prose chunks. */
export interface PackOptions {
  /** A chunk grows until adding the next sentence would pass this many words. */
  maxWords: number;
  /** Hard cap on characters, whatever the word count. */
  maxChars: number;
  /** A trailing remainder smaller than this is folded into the chunk before it. */
  minTailWords: number;
  /** Sentences repeated at the start of the next chunk. */
  overlap: number;
}

export const DEFAULT_PACK: PackOptions = { maxWords: 300, maxChars: 2000, minTailWords: 60, overlap: 1 };

/** A sentence's size, as the packer sees it. */
export interface SentenceSize {
  words: number;
  chars: number;
}

/**
 * Group consecutive sentences into chunks of at most `maxWords` words (and
 * `maxChars` characters), each chunk repeating the last `overlap` sentences of
 * the one before. Returns [first, last] sentence indexes, inclusive. A single
 * oversized sentence becomes a chunk of its own.
 */
export function packSentences(sizes: SentenceSize[], options: PackOptions = DEFAULT_PACK): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  let start = 0;
  while (start < sizes.length) {
    let end = start;
    let words = sizes[start].words;
    let chars = sizes[start].chars;
    while (end + 1 < sizes.length && words + sizes[end + 1].words <= options.maxWords && chars + sizes[end + 1].chars <= options.maxChars) {
      end++;
      words += sizes[end].words;
      chars += sizes[end].chars;
    }
    const rest = sizes.slice(end + 1);
    const restWords = rest.reduce((sum, s) => sum + s.words, 0);
    const restChars = rest.reduce((sum, s) => sum + s.chars, 0);
    if (rest.length > 0 && restWords < options.minTailWords && words + restWords <= options.maxWords * 1.3 && chars + restChars <= options.maxChars * 1.25) {
      end = sizes.length - 1;
    }
    groups.push([start, end]);
    if (end === sizes.length - 1) break;
    start = Math.max(start + 1, end + 1 - options.overlap);
  }
  return groups;
}

/** Word count by whitespace. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
