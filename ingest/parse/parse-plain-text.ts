import { buildTable, isTableCaption, parseCaption, type DraftTable, type TableCaption } from '../tables/build-table.js';
import { parseTabTable } from '../tables/parse-tab-table.js';
import { blockFrom, type Block } from './block.js';
import { hasNoLatinText, isCaption, isPullQuote, matchFootnote } from './detect-blocks.js';
import { isAllCaps, learnCase, sentenceCase, titleCase } from './heading-text.js';
import type { ParsedDocument } from './parse-markdown.js';
import { MappedTextBuilder, type MappedText } from './mapped-text.js';
import { isBlank, splitLines, type SourceLine } from './source-lines.js';

const MAX_HEADING_LENGTH = 80;
/** Consecutive all-caps lines beyond this many are a pull quote or title page, not a heading. */
const MAX_HEADING_RUN = 2;
const UNTITLED = 'Document';
const FRONT_MATTER = 'Front Matter';

/** A heading a layout reader found (PDF font sizes), in document order. */
export interface HeadingHint {
  text: string;
  level: number;
}

const NUMBERED_HEADING = /^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\p{Lu}[^.!?:;]{1,70})$/u;
const UNDERLINE = /^\s*(?:={3,}|-{3,})\s*$/;
const BACK_MATTER_LABEL = /^(appendix|annex)\s+([A-Z]|\d+)\b/i;

/**
 * Structure for text without markup (plain text, or text extracted from a
 * PDF): paragraphs split on blank lines; headings from the layout's hints
 * (a PDF's larger or differently set lines, nested by size, the first
 * top-level one being the title) or, without hints, from common plain-text
 * conventions — short ALL-CAPS lines, numbered lines ("2. Water rights",
 * "2.1 Drought rules", nested by their numbering under the top-level
 * headings) and underlined lines (=== top level, --- one below); footnotes from numbered source lines (`12 Giglio, ...`)
 * that continue the footnote sequence; captions from credit lines; runs of
 * tab-separated lines as tables, with a "Table N." line above as caption.
 */
export function parsePlainText(source: string, hints?: HeadingHint[]): ParsedDocument {
  const lines = splitLines(source);
  const dictionary = learnCase(source);
  const blocks: Block[] = [];
  const tables: DraftTable[] = [];
  const warnings: string[] = [];
  const refs: ParsedDocument['refs'] = [];
  let stack: Array<{ level: number; name: string }> = [];
  let title: { text: string; line: number } | null = null;
  let section: string[] = [hints ? FRONT_MATTER : UNTITLED];
  let lastFootnote = 0;
  let pendingCaption: TableCaption | null = null;
  let hint = 0;
  let current: { kind: 'prose' | 'footnote'; builder: MappedTextBuilder; label?: number } | null = null;

  const flush = () => {
    if (current && current.builder.length > 0) {
      const mapped = current.builder.build();
      const block = blockFrom(isCaption(mapped.text) && current.kind === 'prose' ? 'caption' : current.kind, section, mapped);
      if (current.kind === 'footnote' && current.label !== undefined) block.footnoteLabel = String(current.label);
      blocks.push(block);
    }
    current = null;
  };
  const inFootnote = (): boolean => current?.kind === 'footnote';
  const add = (line: SourceLine, kind: 'prose' | 'footnote', label?: number) => {
    if (!current || current.kind !== kind || label !== undefined) {
      flush();
      current = { kind, builder: new MappedTextBuilder(), ...(label !== undefined ? { label } : {}) };
    }
    appendLine(current.builder, line);
  };
  const enter = (level: number, name: string, line: number) => {
    if (hints && level === 1 && (title === null || name === title.text)) {
      title ??= { text: name, line };
      stack = [];
      section = [FRONT_MATTER];
      return;
    }
    const labelled = BACK_MATTER_LABEL.exec(name);
    if (labelled) {
      const caption = parseCaption(name);
      const shown = `${titleCase(caption.label ?? name, dictionary)}${caption.title ? `. ${sentenceCase(caption.title.replace(/[.\s]+$/, ''), dictionary)}` : ''}`;
      stack = [{ level: Math.max(1, level - 1), name: titleCase(labelled[1], dictionary) }, { level, name: shown }];
      pendingCaption = { ...caption, text: shown, label: titleCase(caption.label ?? '', dictionary) || null, title: caption.title ? sentenceCase(caption.title.replace(/[.\s]+$/, ''), dictionary) : null };
    } else {
      stack = stack.filter((s) => s.level < level);
      stack.push({ level, name: titleCase(name, dictionary) });
    }
    section = stack.map((s) => s.name);
  };
  /** The heading hint the lines from `i` spell, and how many lines it takes. */
  const hinted = (i: number): { hint: HeadingHint; run: number; index: number } | null => {
    if (!hints) return null;
    for (let h = hint; h < Math.min(hints.length, hint + 3); h++) {
      const want = alnum(hints[h].text);
      let got = '';
      for (let run = 1; run <= 4 && i + run - 1 < lines.length; run++) {
        got += alnum(lines[i + run - 1].text);
        if (got === want) return { hint: hints[h], run, index: h };
        if (!want.startsWith(got)) break;
      }
    }
    return null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isBlank(line)) {
      flush();
      continue;
    }
    const trimmed = line.text.trim();
    // A run of tab-separated lines is a table.
    if (trimmed.includes('\t') && lines[i + 1]?.text.includes('\t')) {
      let end = i;
      while (end < lines.length && lines[end].text.includes('\t')) end++;
      flush();
      const raw = parseTabTable(lines.slice(i, end), dictionary);
      if (raw && raw.rows.length) {
        const built = buildTable(raw, { caption: pendingCaption, section, tableIndex: tables.length });
        blocks.push(...built.blocks);
        tables.push(built.table);
        warnings.push(...raw.warnings.map((w) => `table "${pendingCaption?.text ?? `${tables.length} (${section.join(' › ')})`}": ${w}`));
        pendingCaption = null;
        i = end - 1;
        continue;
      }
    }
    const fromHint = hinted(i);
    if (fromHint) {
      flush();
      hint = fromHint.index + 1;
      const text = lines.slice(i, i + fromHint.run).map((l) => l.text.trim()).join(' ').replace(/\s+/g, ' ');
      i += fromHint.run - 1;
      if (!isPullQuote(text) && /\p{L}/u.test(text) && !hasNoLatinText(text)) enter(fromHint.hint.level, text, line.number);
      continue;
    }
    if (!hints && UNDERLINE.test(lines[i + 1]?.text ?? '') && trimmed.length <= MAX_HEADING_LENGTH && !/[.,;]$/.test(trimmed)) {
      flush();
      enter(/=/.test(lines[i + 1].text) ? 1 : 2, trimmed, line.number);
      i++;
      continue;
    }
    const numbered = !hints && isBlank(lines[i - 1] ?? { text: '' } as SourceLine) && (i + 1 >= lines.length || isBlank(lines[i + 1])) ? NUMBERED_HEADING.exec(trimmed) : null;
    if (numbered) {
      flush();
      enter(numbered[1].split('.').length + 1, trimmed, line.number);
      continue;
    }
    if (!hints && isHeadingLine(trimmed)) {
      const run = capsRun(lines, i);
      const heading = lines.slice(i, i + run).map((l) => l.text.trim()).join(' ');
      flush();
      i += run - 1;
      // Longer runs, sentences and long all-caps lines are pull quotes or title pages (they repeat other text).
      if (run <= MAX_HEADING_RUN && !isPullQuote(heading.replace(/^appendix\b.*/i, '')) && !/[.,;]$/.test(heading) && /^\p{L}/u.test(heading)) {
        enter(1, heading, line.number);
      }
      continue;
    }
    const footnote = matchFootnote(trimmed, lastFootnote);
    if (footnote) {
      lastFootnote = footnote.number;
      add(line, 'footnote', footnote.number);
      continue;
    }
    if (isTableCaption(trimmed)) {
      flush();
      pendingCaption = parseCaption(trimmed);
      blocks.push(blockFrom('caption', section, lineText(line)));
      continue;
    }
    if (isCaption(trimmed)) {
      flush();
      blocks.push(blockFrom('caption', section, lineText(line)));
      continue;
    }
    for (const ref of trimmed.matchAll(INLINE_REF)) {
      const number = Number(ref[1]);
      if (number > lastFootnote && number <= lastFootnote + 8) refs.push({ label: ref[1], at: line.start + line.text.indexOf(trimmed) + (ref.index ?? 0) + ref[0].length - ref[1].length });
    }
    add(line, inFootnote() ? 'footnote' : 'prose');
  }
  flush();
  return { blocks, tables, refs, warnings, dictionary, ...(title ? { title } : {}) };
}

/** A footnote number printed right after a word or sentence end ("began.1 This"); must continue the footnote sequence. */
const INLINE_REF = /(?<=[\p{L}.,;:”"’)])(\d{1,3})(?=\s|$)/gu;

function alnum(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
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
