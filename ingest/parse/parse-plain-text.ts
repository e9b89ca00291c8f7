import { blockFrom, type Block } from './block.js';
import { isCaption, isPullQuote, matchFootnote } from './detect-blocks.js';
import { isAllCaps, learnCase, titleCase } from './heading-text.js';
import { MappedTextBuilder, type MappedText } from './mapped-text.js';
import { isBlank, splitLines, type SourceLine } from './source-lines.js';

const MAX_HEADING_LENGTH = 80;
/** Consecutive all-caps lines beyond this many are a pull quote or title page, not a heading. */
const MAX_HEADING_RUN = 2;
const UNTITLED = 'Document';

/**
 * Structure for text without markup (plain text, or text extracted from a
 * PDF): paragraphs split on blank lines, headings guessed from short all-caps
 * lines, footnotes from numbered source lines (`12 Giglio, ...`) that continue
 * the footnote sequence, captions from credit lines. Tables are left as prose.
 */
export function parsePlainText(source: string): Block[] {
  const lines = splitLines(source);
  const dictionary = learnCase(source);
  const blocks: Block[] = [];
  let section: string[] = [UNTITLED];
  let lastFootnote = 0;
  let current: { kind: 'prose' | 'footnote'; builder: MappedTextBuilder; label?: number } | null = null;

  const flush = () => {
    if (current && current.builder.length > 0) {
      const mapped = current.builder.build();
      blocks.push(blockFrom(isCaption(mapped.text) && current.kind === 'prose' ? 'caption' : current.kind, section, mapped));
    }
    current = null;
  };
  const inFootnote = (): boolean => current?.kind === 'footnote';
  const add = (line: SourceLine, kind: 'prose' | 'footnote') => {
    if (!current || current.kind !== kind) {
      flush();
      current = { kind, builder: new MappedTextBuilder() };
    }
    appendLine(current.builder, line);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isBlank(line)) {
      flush();
      continue;
    }
    const trimmed = line.text.trim();
    if (isHeadingLine(trimmed)) {
      const run = capsRun(lines, i);
      const heading = lines.slice(i, i + run).map((l) => l.text.trim()).join(' ');
      flush();
      i += run - 1;
      // Longer runs, sentences and long all-caps lines are pull quotes or title pages (they repeat other text).
      if (run <= MAX_HEADING_RUN && !isPullQuote(heading.replace(/^appendix\b.*/i, '')) && !/[.,;]$/.test(heading) && /^\p{L}/u.test(heading)) {
        section = [titleCase(heading, dictionary)];
      }
      continue;
    }
    const footnote = matchFootnote(trimmed, lastFootnote);
    if (footnote) {
      flush();
      lastFootnote = footnote.number;
      add(line, 'footnote');
      continue;
    }
    if (isCaption(trimmed)) {
      flush();
      blocks.push(blockFrom('caption', section, lineText(line)));
      continue;
    }
    add(line, inFootnote() ? 'footnote' : 'prose');
  }
  flush();
  return blocks;
}

function isHeadingLine(text: string): boolean {
  const balanced = (text.match(/\(/g) ?? []).length === (text.match(/\)/g) ?? []).length;
  return text.length <= MAX_HEADING_LENGTH && !text.includes('\t') && /[A-Z]{4}/.test(text) && balanced && isAllCaps(text);
}

function capsRun(lines: SourceLine[], from: number): number {
  let end = from;
  while (end < lines.length && !isBlank(lines[end]) && isHeadingLine(lines[end].text.trim())) end++;
  return Math.max(1, end - from);
}

function lineText(line: SourceLine): MappedText {
  return new MappedTextBuilder().copy(line.text.trim(), line.start + (line.text.length - line.text.trimStart().length)).build();
}

/** Append a line, joining with a space (or nothing after a hyphen at the line end). */
function appendLine(builder: MappedTextBuilder, line: SourceLine): void {
  const text = lineText(line);
  if (builder.length > 0 && !builder.build().text.endsWith('-')) builder.replace(' ', text.offsets[0] - 1);
  const collapsed = new MappedTextBuilder();
  for (let k = 0; k < text.text.length; k++) {
    const ch = text.text[k];
    if (/\s/.test(ch)) {
      if (!/\s/.test(text.text[k - 1] ?? '')) collapsed.replace(' ', text.offsets[k]);
    } else collapsed.copy(ch, text.offsets[k]);
  }
  builder.append(collapsed.build());
}
