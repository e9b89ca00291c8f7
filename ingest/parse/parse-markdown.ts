import type { FootnoteDefinition, Heading, List, Node as MdNode, Parent, RootContent, Table } from 'mdast';
import { buildTable, isTableCaption, parseCaption, type DraftTable, type TableCaption } from '../tables/build-table.js';
import { parseTabTable, readTable, type CellLine } from '../tables/parse-tab-table.js';
import type { RawTable } from '../tables/raw-table.js';
import { blockFrom, type Block } from './block.js';
import { cleanMarkdown } from './clean-markdown.js';
import { endsSentence, hasNoLatinText, isCaption, isPullQuote, matchFootnote } from './detect-blocks.js';
import { learnCase, stripHeadingMarkup, titleCase, type CaseDictionary } from './heading-text.js';
import { htmlTableRows } from './html-table.js';
import { markdownTree } from './markdown-tree.js';
import { joinMapped, MappedTextBuilder, type MappedText } from './mapped-text.js';
import { labelledHeading, parseCaptionedSection } from './parse-captioned-section.js';
import { isBlank, splitLines, type SourceLine } from './source-lines.js';

const FRONT_MATTER = 'Front Matter';

/** A footnote marker in the text (`[^3]`, `<sup>3</sup>`): its label and source offset. */
export interface FootnoteRef {
  label: string;
  at: number;
}

/** What a parser finds in a document: blocks in order, typed tables (before chunk ids), footnote markers and warnings. */
export interface ParsedDocument {
  blocks: Block[];
  tables: DraftTable[];
  refs: FootnoteRef[];
  warnings: string[];
  /** The YAML front matter block, when the document starts with one: its YAML, first YAML line, and source span. */
  frontMatter?: { text: string; line: number; span: [number, number] };
  /** The document's title heading (its first `#` heading) and its line. */
  title?: { text: string; line: number };
  /** How the document writes its words (for recasing ALL-CAPS text). */
  dictionary?: CaseDictionary;
}

/** Headings that start a top-level back-matter section whatever their level. */
const TOP_LEVEL_SUBHEADINGS = /^(about the author|about the authors|acknowledg(e)?ments|references|bibliography|notes|endnotes)$/i;
const CONTENTS = /^(table of )?contents$/i;
const FOOTNOTE_REF = /<sup>\s*(\d+)\s*<\/sup>|\[\^([^\]\s]+)\]/g;

interface Section {
  level: number;
  name: string;
  /** Written entirely in emphasis (`## *Dialogue*`): a styled subheading. */
  styled: boolean;
}

/**
 * Walks a Markdown document's CommonMark + GFM tree (remark) and yields its
 * blocks in document order.
 * - Headings of every level give the section path: a heading closes the
 *   sections of its level and deeper. A heading written entirely in emphasis
 *   (`### *Exercises*`, as PDF-to-Markdown converters print run-in headings)
 *   sits one level below the nearest plain heading, whatever its #-count.
 *   ALL-CAPS headings are recased as the document writes its words.
 * - All-caps sentence headings and bold all-caps paragraphs are pull quotes:
 *   skipped (they repeat body text) and never change the section.
 * - The first `#` heading is the title: it and anything before it is front matter.
 * - Headings with no Latin letters (text photographed on a sign) are skipped.
 * - A paragraph that ends mid-sentence is joined with the next prose paragraph
 *   when that one starts in lowercase or a footnote/caption sat between them
 *   (a page break); the joined block's span covers both parts.
 * - Footnotes — GFM definitions (`[^3]: …`) and numbered source lines
 *   (`3 Author, "Title," …`) — are filed under the section that first cites
 *   them (`[^3]`, `<sup>3</sup>`), falling back to where they are printed.
 * - GFM pipe tables, HTML `<table>`s and blocks of tab-separated lines become
 *   tables, with the caption line ("Table 2. …", "**Table 1.** …") before or
 *   after them; list items and block quotes become readable prose blocks.
 */
export function parseMarkdown(source: string): ParsedDocument {
  const tree = markdownTree(source);
  const lines = splitLines(source);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lines[lo].number;
  };
  const dictionary = learnCase(source);
  const blocks: Block[] = [];
  const tables: DraftTable[] = [];
  const refs: FootnoteRef[] = [];
  const warnings: string[] = [];
  let frontMatter: ParsedDocument['frontMatter'];
  let title: string | null = null;
  let titleLine = 0;
  let stack: Section[] = [];
  let inContents = false;
  let lastFootnote = 0;
  let open: { block: Block; parts: MappedText[] } | null = null;
  let interrupted = false;
  let afterFootnote = false;
  /** A caption line just read, waiting for the table it names. */
  let pendingCaption: TableCaption | null = null;
  /** The caption a numbered appendix heading gives the first table of its section. */
  let sectionCaption: TableCaption | null = null;
  /** Section in which each footnote label is first cited; footnotes are filed there. */
  const referencedIn = new Map<string, string[]>();

  const section = (): string[] => (stack.length ? stack.map((s) => s.name) : [FRONT_MATTER]);
  const push = (block: Block) => {
    blocks.push(block);
  };
  const recordRefs = (raw: string, base: number) => {
    for (const ref of raw.matchAll(FOOTNOTE_REF)) {
      const label = ref[1] ?? ref[2];
      refs.push({ label, at: base + (ref.index ?? 0) });
      if (!referencedIn.has(label)) referencedIn.set(label, section());
    }
  };
  const linesOf = (node: MdNode): SourceLine[] => lines.slice(node.position!.start.line - 1, node.position!.end.line);
  const addTable = (raw: RawTable | null, found: TableCaption | null, fallback: () => void) => {
    if (!raw || raw.rows.length + raw.notes.length === 0) return fallback();
    const caption = found ?? sectionCaption;
    sectionCaption = null;
    const built = buildTable(raw, { caption, section: section(), tableIndex: tables.length });
    for (const block of built.blocks) push(block);
    tables.push(built.table);
    const name = caption?.text ?? `table ${tables.length} (${section().join(' › ')})`;
    warnings.push(...raw.warnings.map((w) => `table "${name}": ${w}`));
    open = null;
    interrupted = true;
  };

  /** The old line-based paragraph rules, for a run of non-blank lines. */
  const paragraph = (paragraphLines: SourceLine[]) => {
    if (inContents || !paragraphLines.length) return;
    // Footnotes: each footnote line starts a new footnote; other lines continue it.
    if (matchFootnote(paragraphLines[0].text, lastFootnote)) {
      let current: { number: number; start: number; parts: MappedText[] } | null = null;
      const flush = () => {
        if (current) push(footnoteBlock(String(current.number), current.start, current.parts, referencedIn.get(String(current.number)) ?? section()));
      };
      for (const fnLine of paragraphLines) {
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
      return;
    }
    const followsFootnote = afterFootnote;
    afterFootnote = false;

    const base = paragraphLines[0].start;
    const raw = source.slice(base, paragraphLines[paragraphLines.length - 1].end);
    // A block of tab-separated lines is a table.
    if (paragraphLines.length >= 2 && paragraphLines.every((l) => l.text.includes('\t'))) {
      const caption = pendingCaption;
      pendingCaption = null;
      addTable(parseTabTable(paragraphLines, dictionary), caption, () => push(blockFrom('prose', section(), cleanMarkdown(raw.replace(/\t/g, ' '), base))));
      return;
    }
    recordRefs(raw, base);
    const cleaned = cleanMarkdown(raw, base);
    if (cleaned.text === '' || /^[-*_\s]{3,}$/.test(raw.trim())) return; // horizontal rules
    if (isPullQuote(cleaned.text) || hasNoLatinText(cleaned.text)) {
      interrupted = true;
      return;
    }
    // A second source right after a footnote ("Title," Outlet, date, URL) belongs to that footnote.
    const prev = blocks.at(-1);
    if (followsFootnote && prev?.kind === 'footnote' && looksLikeCitation(cleaned.text)) {
      const merged = joinMapped([{ text: prev.text, offsets: prev.offsets }, cleaned], ' ');
      Object.assign(prev, { text: merged.text, offsets: merged.offsets, span: [prev.span[0], cleaned.offsets[cleaned.offsets.length - 1] + 1] });
      return;
    }
    if (isTableCaption(cleaned.text)) {
      push(blockFrom('caption', section(), cleaned));
      pendingCaption = parseCaption(cleaned.text);
      open = null;
      interrupted = true;
      return;
    }
    if (isCaption(cleaned.text)) {
      push(blockFrom('caption', section(), cleaned));
      interrupted = true;
      return;
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
  };

  /** Prose from lines inside a container (list item, block quote): `strip` says how many leading characters of a line are markup. */
  const containerProse = (containerLines: SourceLine[], strip: (line: SourceLine, index: number) => number) => {
    if (inContents) return;
    let parts: MappedText[] = [];
    const flush = () => {
      const text = joinMapped(parts.filter((p) => p.text !== ''), ' ');
      parts = [];
      if (text.text.trim() === '' || hasNoLatinText(text.text)) return;
      push(blockFrom('prose', section(), text));
    };
    containerLines.forEach((line, i) => {
      const skip = strip(line, i);
      const rest = line.text.slice(skip);
      if (rest.trim() === '') return flush();
      recordRefs(rest, line.start + skip);
      parts.push(cleanMarkdown(rest, line.start + skip));
    });
    flush();
    open = null;
    interrupted = false;
    pendingCaption = null;
  };

  const nodes = tree.children;
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k];
    const captionBefore: TableCaption | null = pendingCaption;
    if (node.type !== 'table' && node.type !== 'html' && node.type !== 'paragraph') pendingCaption = null;
    switch (node.type) {
      case 'yaml':
        frontMatter = { text: node.value, line: node.position!.start.line + 1, span: [node.position!.start.offset!, node.position!.end.offset!] };
        continue;
      case 'heading': {
        const raw = headingSource(source, node);
        const name = stripHeadingMarkup(raw.replace(FOOTNOTE_REF, ''));
        if (!/[A-Za-z]/.test(name)) continue;
        recordRefs(raw, 0);
        pendingCaption = null;
        sectionCaption = null;
        const labelled = labelledHeading(name, dictionary);
        if (labelled) {
          let next = k + 1;
          while (next < nodes.length && nodes[next].type !== 'heading') next++;
          const from = node.position!.end.line;
          const to = next < nodes.length ? nodes[next].position!.start.line - 1 : lines.length;
          stack = [{ level: Math.max(1, node.depth - 1), name: labelled.section[0], styled: false }, { level: node.depth, name: labelled.section[1], styled: false }];
          open = null;
          inContents = false;
          const sectionLines = lines.slice(from, to);
          if (!sectionLines.some((l) => l.text.includes('\t'))) {
            // A numbered appendix in plain Markdown: read as usual; its first table takes the heading as caption.
            sectionCaption = labelled.caption;
            continue;
          }
          // Tab-separated lines (blank lines between them allowed) are one table under the heading.
          const part = parseCaptionedSection(sectionLines, { ...labelled, dictionary, tableIndex: tables.length });
          for (const block of part.blocks) push(block);
          tables.push(...part.tables);
          warnings.push(...part.warnings);
          stack = stack.slice(0, 1);
          k = next - 1;
          continue;
        }
        if (node.depth >= 2 && isPullQuote(name)) {
          interrupted = true;
          continue;
        }
        open = null;
        inContents = false;
        if (node.depth === 1 && (title === null || name === title)) {
          if (title === null) titleLine = node.position!.start.line;
          title ??= name;
          stack = [];
          continue;
        }
        if (CONTENTS.test(name)) {
          inContents = true;
          continue;
        }
        const styled = isStyledHeading(node, raw);
        let level = node.depth;
        if (TOP_LEVEL_SUBHEADINGS.test(name)) level = 1;
        else if (styled) level = ([...stack].reverse().find((s) => !s.styled)?.level ?? 0) + 1;
        stack = stack.filter((s) => s.level < level);
        stack.push({ level, name: titleCase(name, dictionary), styled });
        continue;
      }
      case 'paragraph':
        pendingCaption = captionBefore;
        paragraph(linesOf(node));
        continue;
      case 'code': {
        const codeLines = linesOf(node);
        const fenced = /^\s{0,3}(```|~~~)/.test(codeLines[0]?.text ?? '');
        if (fenced) containerProse(codeLines.slice(1, -1), () => 0);
        else for (const run of runsOf(codeLines)) paragraph(run);
        continue;
      }
      case 'html': {
        const htmlLines = linesOf(node);
        if (/<table[\s>]/i.test(node.value)) {
          const start = node.position!.start.offset!;
          const found = htmlTableRows(source.slice(start, node.position!.end.offset!), start, lineOf);
          const after = nodes[k + 1];
          const captionAfter = !captionBefore && !found?.caption && after?.type === 'paragraph' ? captionOf(source, after) : null;
          const caption = found?.caption ? parseCaption(found.caption) : (captionBefore ?? captionAfter);
          pendingCaption = null;
          addTable(found ? readTable(found.rows, dictionary, { transposable: false }) : null, caption, () => {
            for (const run of runsOf(htmlLines)) paragraph(run);
          });
          if (captionAfter) k += captionChunk(after);
        } else {
          pendingCaption = captionBefore;
          for (const run of runsOf(htmlLines)) paragraph(run);
        }
        continue;
      }
      case 'table': {
        pendingCaption = null;
        const after = nodes[k + 1];
        const captionAfter = !captionBefore && after?.type === 'paragraph' ? captionOf(source, after) : null;
        const rows = gfmTableRows(source, node, lineOf);
        addTable(readTable(rows, dictionary, { transposable: false }), captionBefore ?? captionAfter, () => {
          for (const run of runsOf(linesOf(node))) paragraph(run);
        });
        if (captionAfter) k += captionChunk(after);
        continue;
      }
      case 'list':
        listProse(node, lines, containerProse);
        continue;
      case 'blockquote':
        containerProse(linesOf(node), (line) => /^\s{0,3}(?:>\s?)*/.exec(line.text)![0].length);
        continue;
      case 'footnoteDefinition':
        footnoteDefinition(node);
        continue;
      case 'thematicBreak':
      case 'definition':
        continue;
      default:
        paragraph(linesOf(node));
    }
  }

  /** A caption line printed under its table: kept as a caption chunk, naming that table only. Returns the nodes consumed. */
  function captionChunk(node: RootContent): number {
    const captionLines = linesOf(node);
    const base = captionLines[0].start;
    push(blockFrom('caption', section(), cleanMarkdown(source.slice(base, captionLines[captionLines.length - 1].end), base)));
    return 1;
  }

  function footnoteDefinition(node: FootnoteDefinition) {
    if (inContents) return;
    const label = node.label ?? node.identifier;
    const defLines = lines.slice(node.position!.start.line - 1, node.position!.end.line);
    const parts: MappedText[] = [];
    defLines.forEach((line, i) => {
      const skip = i === 0 ? (/^\s{0,3}\[\^[^\]]+\]:\s*/.exec(line.text)?.[0].length ?? 0) : (/^\s*/.exec(line.text)![0].length);
      const rest = line.text.slice(skip);
      if (rest.trim() !== '') parts.push(cleanMarkdown(rest, line.start + skip));
    });
    if (!parts.length) return;
    push(footnoteBlock(label, defLines[0].start, parts, referencedIn.get(label) ?? section()));
    open = null;
    interrupted = true;
  }

  return { blocks, tables, refs, warnings, dictionary, ...(frontMatter ? { frontMatter } : {}), ...(title !== null ? { title: { text: title, line: titleLine } } : {}) };
}

/** The source of a heading's text (without the #s or a setext underline). */
function headingSource(source: string, node: Heading): string {
  if (!node.children.length) return '';
  return source.slice(node.children[0].position!.start.offset!, node.children[node.children.length - 1].position!.end.offset!);
}

/** A heading whose whole text is one emphasis or strong span (or <b>/<i>). */
function isStyledHeading(node: Heading, raw: string): boolean {
  const meaningful = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  if (meaningful.length === 1 && (meaningful[0].type === 'emphasis' || meaningful[0].type === 'strong')) return true;
  return /^<(b|i|em|strong)>[\s\S]*<\/\1>$/i.test(raw.trim());
}

/** The caption a paragraph states ("Table 2: …"), or null. */
function captionOf(source: string, node: RootContent): TableCaption | null {
  const text = cleanMarkdown(source.slice(node.position!.start.offset!, node.position!.end.offset!), 0).text;
  return isTableCaption(text) ? parseCaption(text) : null;
}

/** Rows of a GFM table with each cell's cleaned text. */
function gfmTableRows(source: string, table: Table, lineOf: (offset: number) => number): CellLine[] {
  return table.children.map((row) => {
    const cells = row.children.map((cell) => {
      const kids = (cell as Parent).children;
      if (!kids.length) return '';
      const start = kids[0].position!.start.offset!;
      return cleanMarkdown(source.slice(start, kids[kids.length - 1].position!.end.offset!), start).text.trim();
    });
    const start = row.position!.start.offset!;
    return { cells, span: [start, row.position!.end.offset!] as [number, number], line: lineOf(start) };
  });
}

/** Each list item (nested lists flattened) as its own prose block; bullets are dropped, numbers kept. */
function listProse(list: List, lines: SourceLine[], containerProse: (lines: SourceLine[], strip: (line: SourceLine, i: number) => number) => void): void {
  for (const item of list.children) {
    const itemLines = lines.slice(item.position!.start.line - 1, item.position!.end.line);
    const first = item.position!.start.column - 1;
    containerProse(itemLines, (line, i) => {
      const from = i === 0 ? first : 0;
      const marker = /^\s*(?:>\s?)*\s*(?:[-*+](?=\s)|\[[ xX]\](?=\s))?\s*(?:\[[ xX]\]\s+)?/.exec(line.text.slice(from))![0].length;
      return from + marker;
    });
  }
}

/** Runs of non-blank lines. */
function runsOf(lines: SourceLine[]): SourceLine[][] {
  const runs: SourceLine[][] = [];
  let run: SourceLine[] = [];
  for (const line of lines) {
    if (isBlank(line)) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push(line);
  }
  if (run.length) runs.push(run);
  return runs;
}

function footnoteBlock(label: string, lineStart: number, parts: MappedText[], section: string[]): Block {
  const body = joinMapped(parts, ' ');
  const prefix = new MappedTextBuilder().replace(`Footnote ${label}: `, lineStart).build();
  return { ...blockFrom('footnote', section, joinMapped([prefix, body], '')), footnoteLabel: label };
}

function looksLikeCitation(text: string): boolean {
  return /https?:\/\//.test(text) && /^["“‘']|^[\p{Lu}][\p{L}'’.-]+, [\p{Lu}]/u.test(text) && !isCaption(text);
}
