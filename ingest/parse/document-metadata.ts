import { parse as parseYaml } from 'yaml';
import type { DocumentMetadata, MetadataSource } from '../../src/core/types.js';
import type { SourceDocument } from '../load/source-document.js';
import { cleanMarkdown } from './clean-markdown.js';
import { isAllCaps, titleCase, type CaseDictionary } from './heading-text.js';
import type { ParsedDocument } from './parse-markdown.js';
import { splitLines } from './source-lines.js';

type Field = 'title' | 'author' | 'publisher' | 'date';
const FIELDS: Field[] = ['title', 'author', 'publisher', 'date'];

/** Front-matter keys that name each field. */
const KEYS: Record<Field, string[]> = {
  title: ['title'],
  author: ['author', 'authors', 'by', 'creator'],
  publisher: ['publisher', 'organization', 'organisation', 'institution', 'publishedby'],
  date: ['date', 'published', 'publicationdate', 'year'],
};
/** "Author: …", "By …", "Publisher: …", "Published by …", "Date: …" in a document's opening lines. */
const OPENING: Array<[Field, RegExp]> = [
  ['author', /^(?:authors?|written by|prepared by)\s*:\s*(.+)$/i],
  ['author', /^by\s+([\p{Lu}][\p{L}.'’-]+(?:\s+[\p{Lu}][\p{L}.'’-]+)+(?:\s*(?:,|and|&)\s*[\p{Lu}][\p{L}.'’-]+(?:\s+[\p{Lu}][\p{L}.'’-]+)+)*)$/u],
  ['publisher', /^(?:publisher|published by|publication of)\s*:?\s+(.+)$/i],
  ['title', /^title\s*:\s*(.+)$/i],
  ['date', /^(?:date|published|publication date)\s*:\s*(.+)$/i],
];
/** "© 2022 by the Foreign Policy Institute" → year and publisher. */
const COPYRIGHT = /^(?:©|\(c\)|copyright)\s*(\d{4})\s+(?:by\s+)?(?:the\s+)?(.+?)\.?$/i;
const DATE_LINE = /^(?:(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:\d{1,2},\s+)?\d{4}|\d{4}-\d{2}-\d{2})$/i;
/** How far into a document its opening lines go. */
const OPENING_LINES = 60;

/**
 * A document's title, author, publisher and date, each with where it was
 * read: YAML front matter first, then the PDF's info dictionary, then the
 * opening lines ("Author: …", "By …", "© 2022 by …", a date line), and for
 * the title the first top-level heading.
 */
export function readMetadata(doc: SourceDocument, parsed: ParsedDocument, dictionary: CaseDictionary, firstHeading: { text: string; line: number } | null): DocumentMetadata {
  const meta: DocumentMetadata = { title: null, author: null, publisher: null, date: null, sources: {}, chunkId: null };
  const set = (field: Field, value: unknown, source: MetadataSource) => {
    const text = valueText(value);
    if (!text || meta[field] !== null) return;
    meta[field] = text;
    meta.sources[field] = source;
  };
  if (parsed.frontMatter) {
    let data: unknown = null;
    try {
      data = parseYaml(parsed.frontMatter.text);
    } catch {
      parsed.warnings.push(`the YAML front matter could not be read (line ${parsed.frontMatter.line}); its metadata is ignored`);
    }
    if (data && typeof data === 'object') {
      const entries = Object.entries(data as Record<string, unknown>);
      const yamlLines = parsed.frontMatter.text.split('\n');
      for (const field of FIELDS) {
        const entry = entries.find(([k]) => KEYS[field].includes(k.toLowerCase().replace(/[\s_-]/g, '')));
        if (!entry) continue;
        const at = yamlLines.findIndex((l) => l.trimStart().toLowerCase().startsWith(`${entry[0].toLowerCase()}:`));
        set(field, entry[1], { from: 'front-matter', line: at >= 0 ? parsed.frontMatter.line + at : parsed.frontMatter.line });
      }
    }
  }
  if (doc.info) for (const field of FIELDS) set(field, doc.info[field], { from: 'pdf-info', line: null });
  const lines = splitLines(doc.text).slice(0, OPENING_LINES);
  for (const line of lines) {
    const text = cleanMarkdown(line.text.replace(/^#+\s+/, ''), 0).text.trim();
    if (!text) continue;
    for (const [field, pattern] of OPENING) {
      const m = pattern.exec(text);
      if (m) set(field, m[1], { from: 'opening-lines', line: line.number });
    }
    const copyright = COPYRIGHT.exec(text);
    if (copyright) {
      set('publisher', copyright[2], { from: 'opening-lines', line: line.number });
      set('date', copyright[1], { from: 'opening-lines', line: line.number });
    }
    if (DATE_LINE.test(text) && meta.sources.date?.from !== 'front-matter' && meta.sources.date?.from !== 'pdf-info') {
      // A full date line beats the year of a copyright line.
      if (!meta.date || /^\d{4}$/.test(meta.date)) {
        meta.date = null;
        set('date', text, { from: 'opening-lines', line: line.number });
      }
    }
  }
  if (firstHeading) set('title', isAllCaps(firstHeading.text) ? titleCase(firstHeading.text, dictionary) : firstHeading.text, { from: 'heading', line: firstHeading.line });
  return meta;
}

/** The text a metadata chunk states, e.g. "Title: …. Author: …. Publisher: …. Date: …." */
export function metadataText(meta: DocumentMetadata): string {
  return FIELDS.filter((f) => meta[f])
    .map((f) => `${f.charAt(0).toUpperCase()}${f.slice(1)}: ${meta[f]}${/[.!?]$/.test(meta[f]!) ? '' : '.'}`)
    .join(' ');
}

/**
 * The document card's text: "Title: ….", "Author: ….", "Publisher: ….", "Date: …." and one
 * "Appendix 2: <caption title>." per captioned table, each its own paragraph (so each is one sentence
 * to quote). Empty when the document has neither metadata nor captioned tables.
 */
export function documentCardText(meta: DocumentMetadata, tables: ReadonlyArray<{ label?: string | null; title?: string | null }>): string {
  const lines = FIELDS.filter((f) => meta[f]).map((f) => `${f.charAt(0).toUpperCase()}${f.slice(1)}: ${meta[f]}${/[.!?]$/.test(meta[f]!) ? '' : '.'}`);
  for (const t of tables) {
    if (!t.label || !t.title) continue;
    lines.push(`${t.label}: ${t.title}${/[.!?]$/.test(t.title) ? '' : '.'}`);
  }
  return lines.join('\n\n');
}

function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map(valueText).filter(Boolean).join(', ') || null;
  if (typeof value === 'object') return valueText((value as Record<string, unknown>).name);
  const text = String(value).replace(/\s+/g, ' ').trim();
  return text || null;
}
