import { buildTable, parseCaption, type DraftTable, type TableCaption } from '../tables/build-table.js';
import { parseTabTable } from '../tables/parse-tab-table.js';
import { blockFrom, type Block } from './block.js';
import { cleanMarkdown } from './clean-markdown.js';
import { isCaption } from './detect-blocks.js';
import { isAllCaps, sentenceCase, titleCase, type CaseDictionary } from './heading-text.js';
import { isBlank, type SourceLine } from './source-lines.js';

/** Heading words that open back matter: "Appendix 3. …" headings are grouped under one "Appendix" section. */
const BACK_MATTER_LABEL = /^(appendix|annex|appendices|annexes)\b/i;

/** A heading that is a numbered caption ("APPENDIX 3. TITLE", "Annex B: Title") and the section it opens. */
export function labelledHeading(name: string, dictionary: CaseDictionary): { caption: TableCaption; section: string[] } | null {
  const parsed = parseCaption(name);
  if (!parsed.label || !BACK_MATTER_LABEL.test(parsed.label)) return null;
  const label = titleCase(parsed.label, dictionary);
  const title = parsed.title ? sentenceCase(parsed.title.replace(/[.\s]+$/, ''), dictionary) : null;
  const text = title ? `${label}. ${title}` : label;
  const group = titleCase(BACK_MATTER_LABEL.exec(parsed.label)![1], dictionary);
  return { caption: { text, label, title, number: parsed.number }, section: [group, text] };
}

/**
 * The lines of a captioned section (a numbered appendix): its tab-separated
 * lines are one table under the heading's caption (blank lines inside it are
 * allowed); other lines are source notes (captions) or prose.
 */
export function parseCaptionedSection(
  lines: SourceLine[],
  options: { caption: TableCaption; section: string[]; dictionary: CaseDictionary; tableIndex: number },
): { blocks: Block[]; tables: DraftTable[]; warnings: string[] } {
  const { caption, section, dictionary } = options;
  const blocks: Block[] = [];
  const tabbed: SourceLine[] = [];
  for (const line of lines) {
    if (isBlank(line)) continue;
    if (line.text.includes('\t')) {
      tabbed.push(line);
      continue;
    }
    const note = cleanMarkdown(line.text, line.start);
    if (note.text) blocks.push(blockFrom(isCaption(note.text) || isAllCaps(note.text) ? 'caption' : 'prose', section, note));
  }
  const tables: DraftTable[] = [];
  const warnings: string[] = [];
  const raw = tabbed.length ? parseTabTable(tabbed, dictionary) : null;
  if (raw) {
    const built = buildTable(raw, { caption, section, tableIndex: options.tableIndex });
    blocks.push(...built.blocks);
    tables.push(built.table);
    warnings.push(...raw.warnings.map((w) => `table "${caption.text}": ${w}`));
  } else {
    for (const line of tabbed) blocks.push(blockFrom('prose', section, cleanMarkdown(line.text.replace(/\t/g, ' '), line.start)));
  }
  return { blocks: blocks.sort((a, b) => a.span[0] - b.span[0]), tables, warnings };
}
