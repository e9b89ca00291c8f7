import { blockFrom, type Block } from './block.js';
import { cleanMarkdown } from './clean-markdown.js';
import { endsSentence, hasNoLatinText, isCaption, isPullQuote, matchFootnote } from './detect-blocks.js';
import type { DraftTable } from '../tables/build-table.js';
import { isAllCaps, learnCase, stripHeadingMarkup, titleCase } from './heading-text.js';
import { joinMapped, MappedTextBuilder, type MappedText } from './mapped-text.js';
import { labelledHeading, parseCaptionedSection } from './parse-captioned-section.js';
import { isBlank, splitLines, type SourceLine } from './source-lines.js';

const FRONT_MATTER = 'Front Matter';
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;

/** What a parser finds in a document: blocks in order, typed tables (before chunk ids), and warnings. */
export interface ParsedDocument {
  blocks: Block[];
  tables: DraftTable[];
  warnings: string[];
}
/** `##` headings that start a top-level back-matter section rather than a subsection. */
const TOP_LEVEL_SUBHEADINGS = /^(about the author|about the authors|acknowledg(e)?ments|references|bibliography|notes)$/i;

/**
 * Walks a report's markdown and yields its blocks in document order.
 * - `#` starts a section; `##`/`###` with mixed case or emphasis start a subsection.
 * - All-caps sentence headings and bold all-caps paragraphs are pull quotes:
 *   skipped (they repeat body text) and never change the section.
 * - The first `#` heading is the title: it and anything before it is front matter.
 * - Headings with no Latin letters (text photographed on a sign) are skipped.
 * - A paragraph that ends mid-sentence is joined with the next prose paragraph
 *   when that one starts in lowercase or a footnote/caption sat between them
 *   (a page break); the joined block's span covers both parts.
 * - Footnotes are filed under the section that references them (`<sup>N</sup>`),
 *   falling back to the section they are printed in.
 */
export function parseMarkdown(source: string): ParsedDocument {
  const lines = splitLines(source);
  const dictionary = learnCase(source);
  const blocks: Block[] = [];
  const tables: DraftTable[] = [];
  const warnings: string[] = [];
  let title: string | null = null;
  let top: string | null = null;
  let sub: string | null = null;
  let inContents = false;
  let lastFootnote = 0;
  let open: { block: Block; parts: MappedText[] } | null = null;
  let interrupted = false;
  let afterFootnote = false;
  /** Section in which each footnote number is referenced (`<sup>12</sup>`); footnotes are filed there. */
  const referencedIn = new Map<number, string[]>();

  const section = (): string[] => (top === null ? [FRONT_MATTER] : sub === null ? [top] : [top, sub]);
  const push = (block: Block) => {
    blocks.push(block);
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    const heading = HEADING.exec(line.text);
    if (heading) {
      const level = heading[1].length;
      const name = stripHeadingMarkup(heading[2]);
      i++;
      if (!/[A-Za-z]/.test(name)) continue;
      const labelled = labelledHeading(name, dictionary);
      if (labelled) {
        const end = nextHeading(lines, i);
        const part = parseCaptionedSection(lines.slice(i, end), { ...labelled, dictionary, tableIndex: tables.length });
        for (const block of part.blocks) push(block);
        tables.push(...part.tables);
        warnings.push(...part.warnings);
        top = labelled.section[0];
        sub = null;
        open = null;
        inContents = false;
        i = end;
        continue;
      }
      if (level >= 2 && isPullQuote(name)) {
        interrupted = true;
        continue;
      }
      open = null;
      inContents = false;
      if (level === 1) {
        title ??= name;
        sub = null;
        if (name === title) top = null;
        else if (/^(table of )?contents$/i.test(name)) inContents = true;
        else top = titleCase(name, dictionary);
      } else if (TOP_LEVEL_SUBHEADINGS.test(name)) {
        top = titleCase(name, dictionary);
        sub = null;
      } else {
        sub = isAllCaps(name) ? titleCase(name, dictionary) : name;
      }
      continue;
    }

    const end = paragraphEnd(lines, i);
    const paragraph = lines.slice(i, end);
    i = end;
    if (inContents) continue;

    // Footnotes: each footnote line starts a new footnote; other lines continue it.
    if (matchFootnote(paragraph[0].text, lastFootnote)) {
      let current: { number: number; start: number; parts: MappedText[] } | null = null;
      const flush = () => {
        if (current) push(footnoteBlock(current.number, current.start, current.parts, referencedIn.get(current.number) ?? section()));
      };
      for (const fnLine of paragraph) {
        const start = matchFootnote(fnLine.text, lastFootnote);
        if (start) {
          flush();
          lastFootnote = start.number;
          current = { number: start.number, start: fnLine.start, parts: [cleanMarkdown(fnLine.text.slice(start.bodyStart), fnLine.start + start.bodyStart)] };
        } else if (current) {
          current.parts.push(cleanMarkdown(fnLine.text, fnLine.start));
        }
      }
      flush();
      interrupted = true;
      afterFootnote = true;
      continue;
    }
    const followsFootnote = afterFootnote;
    afterFootnote = false;

    const raw = source.slice(paragraph[0].start, paragraph[paragraph.length - 1].end);
    for (const ref of raw.matchAll(/<sup>\s*(\d+)\s*<\/sup>/g)) if (!referencedIn.has(Number(ref[1]))) referencedIn.set(Number(ref[1]), section());
    const cleaned = cleanMarkdown(raw, paragraph[0].start);
    if (cleaned.text === '' || /^[-*_\s]{3,}$/.test(raw.trim())) continue; // horizontal rules
    if (isPullQuote(cleaned.text) || hasNoLatinText(cleaned.text)) {
      interrupted = true;
      continue;
    }
    // A second source right after a footnote ("Title," Outlet, date, URL) belongs to that footnote.
    const prev = blocks.at(-1);
    if (followsFootnote && prev?.kind === 'footnote' && looksLikeCitation(cleaned.text)) {
      const merged = joinMapped([{ text: prev.text, offsets: prev.offsets }, cleaned], ' ');
      Object.assign(prev, { text: merged.text, offsets: merged.offsets, span: [prev.span[0], cleaned.offsets[cleaned.offsets.length - 1] + 1] });
      continue;
    }
    if (isCaption(cleaned.text)) {
      push(blockFrom('caption', section(), cleaned));
      interrupted = true;
      continue;
    }
    const continues = open !== null && !endsSentence(open.block.text) && (interrupted || !/^\p{Lu}/u.test(cleaned.text));
    if (open !== null && continues) {
      open.parts.push(cleaned);
      const merged = joinMapped(open.parts, ' ');
      Object.assign(open.block, { text: merged.text, offsets: merged.offsets, span: [open.block.span[0], cleaned.offsets[cleaned.offsets.length - 1] + 1] });
    } else {
      const block = blockFrom('prose', section(), cleaned);
      push(block);
      open = { block, parts: [cleaned] };
    }
    interrupted = false;
  }
  return { blocks, tables, warnings };
}

function footnoteBlock(number: number, lineStart: number, parts: MappedText[], section: string[]): Block {
  const body = joinMapped(parts, ' ');
  const label = new MappedTextBuilder().replace(`Footnote ${number}: `, lineStart).build();
  return blockFrom('footnote', section, joinMapped([label, body], ''));
}

function looksLikeCitation(text: string): boolean {
  return /https?:\/\//.test(text) && /^["“‘']|^[\p{Lu}][\p{L}'’.-]+, [\p{Lu}]/u.test(text) && !isCaption(text);
}

function paragraphEnd(lines: SourceLine[], from: number): number {
  let end = from;
  while (end < lines.length && !isBlank(lines[end]) && (end === from || !HEADING.test(lines[end].text))) end++;
  return end;
}

function nextHeading(lines: SourceLine[], from: number): number {
  let end = from;
  while (end < lines.length && !HEADING.test(lines[end].text)) end++;
  return end;
}
