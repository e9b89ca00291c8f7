import { splitSentences } from '../../src/core/sentences.js';
import type { Block } from '../parse/block.js';
import { countWords, DEFAULT_PACK, packSentences, type PackOptions } from './pack-sentences.js';

/** A piece of prose ready to become a chunk: cleaned text and exact source span. */
export interface ProsePiece {
  text: string;
  span: [number, number];
}

interface Sentence {
  block: number;
  start: number;
  end: number;
}

const PARAGRAPH_BREAK = '\n\n';

/**
 * Split the prose blocks of one section into overlapping chunks on sentence
 * boundaries. Paragraphs of the same section may share a chunk (joined with a
 * blank line); the span runs from the first to the last character used, so it
 * may also cover footnotes printed between two paragraphs.
 */
export function chunkProse(blocks: Block[], options: PackOptions = DEFAULT_PACK): ProsePiece[] {
  const sentences: Sentence[] = [];
  blocks.forEach((block, index) => {
    for (const [start, end] of sentencesOf(block.text, options.maxChars)) sentences.push({ block: index, start, end });
  });
  const sizes = sentences.map((s) => {
    const text = blocks[s.block].text.slice(s.start, s.end);
    return { words: countWords(text), chars: text.length };
  });
  return packSentences(sizes, options).map(([first, last]) => piece(blocks, sentences.slice(first, last + 1)));
}

/** Sentence spans, with any sentence longer than `maxChars` cut at word boundaries. */
function sentencesOf(text: string, maxChars: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [start, end] of splitSentences(text)) {
    let from = start;
    while (end - from > maxChars) {
      let cut = text.lastIndexOf(' ', from + maxChars);
      if (cut <= from) cut = from + maxChars;
      out.push([from, cut]);
      from = cut;
      while (from < end && text[from] === ' ') from++;
    }
    if (end > from) out.push([from, end]);
  }
  return out;
}

function piece(blocks: Block[], sentences: Sentence[]): ProsePiece {
  const parts: string[] = [];
  let i = 0;
  while (i < sentences.length) {
    let j = i;
    while (j + 1 < sentences.length && sentences[j + 1].block === sentences[i].block) j++;
    parts.push(blocks[sentences[i].block].text.slice(sentences[i].start, sentences[j].end));
    i = j + 1;
  }
  const first = sentences[0];
  const last = sentences[sentences.length - 1];
  return {
    text: parts.join(PARAGRAPH_BREAK),
    span: [blocks[first.block].offsets[first.start], blocks[last.block].offsets[last.end - 1] + 1],
  };
}
