/**
 * Generated table questions as a test of generality: templates filled with a document's real
 * column values, with gold answers computed here by a plain reading of the source lines — not
 * by ingest's table parser, the SQL engine or the question parser. A third of each operation's
 * phrasings is held out of development (`heldOut`) and reported on its own.
 */

/** A data row as read straight from the source file. */
export interface SourceRow {
  /** 1-based line in the source file. */
  line: number;
  /** The row's block label (cleaned), or null when the table has no blocks. */
  group: string | null;
  cells: string[];
}

/** A table as read straight from the source file. */
export interface SourceTable {
  /** The heading or caption line the table sits under. */
  caption: string;
  /** "Appendix 3", "Table 2", or null. */
  label: string | null;
  header: string[];
  /** Columns whose header is the block's label (no stable name). */
  varying: Set<number>;
  rows: SourceRow[];
  /** First and last source line of the table. */
  lines: [number, number];
}

/** What a generated question's gold is. */
export type Gold =
  | { kind: 'count'; value: number }
  | { kind: 'rows'; lines: number[] }
  | { kind: 'value'; text: string }
  | { kind: 'keys'; keys: string[] }
  /** A count per group or per year: every key with its count. */
  | { kind: 'counts'; counts: Record<string, number> };

export interface GeneratedQuestion {
  id: string;
  question: string;
  /** count | range | earliest | latest | largest | lookup | argmax */
  operation: string;
  phrasing: number;
  heldOut: boolean;
  /** A held-out phrasing never read question by question (see isBlind). */
  blind: boolean;
  document: string;
  table: string;
  tableLines: [number, number];
  gold: Gold;
}

const MISSING = /^(?:|unknown|n\/a|na|—|–|-|\?)$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORDS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Cell text without Markdown emphasis or HTML tags. */
function clean(cell: string): string {
  return cell.replace(/<\/?[a-z]+>/gi, '').replace(/\*+|_{2,}/g, '').replace(/\\\$/g, '$').trim();
}

/** Split a table line into cells: tab-separated, or a GFM pipe row. Null for a non-table line. */
function cellsOf(line: string): string[] | null {
  if (line.includes('\t')) return line.split('\t').map(clean);
  const pipe = /^\s*\|(.*)\|\s*$/.exec(line);
  if (pipe) return pipe[1].split('|').map(clean);
  return null;
}

/** Read every table of a Markdown or plain-text document: tab-separated or pipe rows under a heading or caption line. */
export function readSourceTables(text: string): SourceTable[] {
  const lines = text.split('\n');
  const tables: SourceTable[] = [];
  let caption = '';
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) caption = clean(heading[1]);
    else if (/^\s*(?:\*\*)?(?:table|appendix|annex|exhibit)\s+(?:\d+|[A-Z])\b\.?(?:\*\*)?[.:]?\s/i.test(line) && !cellsOf(line)) caption = clean(line);
    const first = cellsOf(line);
    if (!first || /^\s*\|?\s*:?-{3,}/.test(line)) {
      i++;
      continue;
    }
    // A run of table lines (blank lines inside it allowed, separator rows skipped).
    const run: Array<{ n: number; cells: string[] }> = [];
    let j = i;
    while (j < lines.length) {
      if (!lines[j].trim()) {
        const next = lines.slice(j).findIndex((l) => l.trim());
        if (next < 0 || !cellsOf(lines[j + next])) break;
        j += next;
        continue;
      }
      const cells = cellsOf(lines[j]);
      if (!cells) break;
      if (!/^\s*\|?\s*:?-{3,}/.test(lines[j])) run.push({ n: j + 1, cells });
      j++;
    }
    i = j;
    const table = tableOf(run, caption);
    if (table) tables.push(table);
  }
  return tables;
}

function tableOf(run: Array<{ n: number; cells: string[] }>, caption: string): SourceTable | null {
  if (run.length < 3) return null;
  const header = run[0].cells;
  const width = header.length;
  // A header of labels, not a contents list ("Introduction | 4").
  if (width < 2 || header.some((h) => /^\d+$/.test(h))) return null;
  const rows: SourceRow[] = [];
  const varying = new Set<number>();
  let group: string | null = null;
  let pending: SourceRow[] = [];
  let blocks = 0;
  for (const { n, cells } of run.slice(1)) {
    const filled = cells.filter((c) => c).length;
    if (filled === 1 && cells[0]) {
      group = cells[0];
      blocks++;
      continue;
    }
    // A note in place of rows ("No public information available"): a line with most columns empty.
    if (filled <= 2 && filled < width / 2) continue;
    const same = header.filter((h, k) => h.toLowerCase() === (cells[k] ?? '').toLowerCase()).length;
    if (cells.length === width && width >= 3 && same >= width - 1) {
      const k = header.findIndex((h, x) => h.toLowerCase() !== (cells[x] ?? '').toLowerCase());
      if (k >= 0) {
        varying.add(k);
        if (!blocks) for (const r of pending) r.group = header[k];
        group = cells[k];
        blocks++;
      }
      continue;
    }
    const row: SourceRow = { line: n, group, cells: header.map((_, k) => cells[k] ?? '') };
    rows.push(row);
    if (!blocks) pending.push(row);
  }
  if (!blocks) for (const r of pending) r.group = null;
  pending = [];
  const label = /^((?:appendix|table|annex|exhibit)\s+(?:\d+|[A-Z]\b))/i.exec(caption)?.[1] ?? null;
  return { caption, label: label ? titleCase(label) : null, header, varying, rows, lines: [run[0].n, run[run.length - 1].n] };
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());
}

/** "August 2019" → [2019, 8], "2019" → [2019, 0]; null for anything else. */
function dateOf(cell: string): [number, number] | null {
  let m = /^(?:\d{1,2}\s+)?([A-Za-z]{3,})\.?,?\s+(\d{4})$/.exec(cell.trim());
  if (m) {
    const month = MONTHS.indexOf(m[1].slice(0, 3).toLowerCase());
    return month >= 0 ? [Number(m[2]), month + 1] : null;
  }
  m = /^(\d{4})(?:-(\d{2}))?(?:-\d{2})?$/.exec(cell.trim());
  return m ? [Number(m[1]), m[2] ? Number(m[2]) : 0] : null;
}

/** The number a cell states: "1,240" → 1240, "61%" → 61, "EUR 0.02" → 0.02; null when it states none or several. */
function numberIn(cell: string): number | null {
  const found = cell.match(/\d[\d,]*(?:\.\d+)?/g);
  return found && found.length === 1 ? Number(found[0].replace(/,/g, '')) : null;
}

/** "12 July 2022" → [2022, 7]; "2022-08-03" → [2022, 8]. */
function dayDate(cell: string): [number, number] | null {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(cell.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function leadingNumber(cell: string): number | null {
  const m = /^(\d[\d,]*(?:\.\d+)?)/.exec(cell.trim());
  return m ? Number(m[1].replace(/,/g, '')) : null;
}

/** A cell has a value when it is the value, or the value followed by a detail ("COVID aid: $480,000"). */
function hasValue(cell: string, value: string): boolean {
  const c = cell.toLowerCase();
  const v = value.toLowerCase();
  return c === v || (c.startsWith(v) && /^\s*[:(]/.test(c.slice(v.length)));
}

function missing(cell: string): boolean {
  return MISSING.test(cell.trim());
}

interface Shape {
  date: number | null;
  numeric: number | null;
  /** Short text columns with repeated values (types, agencies, places). */
  categorical: number[];
  place: number | null;
  noun: string;
  single: string;
  groups: string[];
  /** Group label as a question would name it ("North–Capital" → "North" when every label names the capital). */
  groupName: Map<string, string>;
}

function shapeOf(t: SourceTable): Shape {
  const present = (k: number) => t.rows.map((r) => r.cells[k]).filter((c) => !missing(c));
  const share = (k: number, test: (c: string) => boolean) => {
    const p = present(k);
    return p.length ? p.filter(test).length / p.length : 0;
  };
  const cols = t.header.map((_, k) => k).filter((k) => !t.varying.has(k));
  const date = cols.find((k) => share(k, (c) => dateOf(c) !== null) >= 0.6) ?? null;
  const numeric = cols.find((k) => k !== date && share(k, (c) => leadingNumber(c) !== null) >= 0.6) ?? null;
  const categorical = cols.filter((k) => {
    if (k === date || k === numeric) return false;
    const p = present(k);
    const distinct = new Set(p.map((c) => c.toLowerCase()));
    const words = p.reduce((s, c) => s + c.split(/\s+/).length, 0) / Math.max(1, p.length);
    return p.length >= 4 && distinct.size <= 0.6 * p.length && words <= 6 && !p.some((c) => c.includes(','));
  });
  const place = cols.find((k) => /\b(?:location|place|venue|site|city)\b/i.test(t.header[k])) ?? null;
  const phrase = t.caption.replace(/^(?:appendix|table|annex|exhibit)\s+(?:\d+|[A-Z]\b)[.:]?\s*/i, '').split(/,|\s+(?:between|from|for|of|in|at|by|during|with|to|and)\s+/i)[0].toLowerCase();
  const words = phrase.split(/\s+/);
  const last = words.at(-1) ?? 'row';
  const plural = /s$/.test(last) ? last : `${last}s`;
  const singular = last.replace(/s$/, '');
  const groups = [...new Set(t.rows.map((r) => r.group).filter((g): g is string => !!g))];
  const parts = groups.map((g) => new Set(g.toLowerCase().split(/[\s–—-]+/)));
  const groupName = new Map(
    groups.map((g) => {
      const kept = g.split(/[\s–—-]+/).filter((w) => parts.length < 2 || !parts.every((p) => p.has(w.toLowerCase())));
      const name = kept.join(' ') || g;
      return [g, name === name.toUpperCase() ? titleCase(name) : name];
    }),
  );
  return { date, numeric, categorical, place, noun: [...words.slice(0, -1), plural].join(' '), single: [...words.slice(0, -1), singular].join(' '), groups, groupName };
}

/**
 * Phrasings per operation. Indices 6–11 of each family are held out of development: 6–8 were
 * written before the parser was tuned on the first six; 9–11 are blind (see isBlind).
 */
const PHRASINGS: Record<string, string[]> = {
  count_group: [
    'How many {noun} with {G} are listed?',
    'How many {noun} does {label} record for {G}?',
    'What is the number of {noun} involving {G}?',
    'Count the {noun} with {G}.',
    'How many {noun} were there with {G}?',
    'Give the number of {noun} for {G}.',
    'In {label}, how many {noun} are there with {G}?',
    'Tell me how many {noun} involved {G}.',
    "What's the total number of {noun} with {G}?",
    'How often does {label} record {noun} with {G}?',
    'Number of {noun} with {G}?',
    'How many {noun} are recorded for {G} in total?',
  ],
  count_year: [
    'How many {noun} took place in {Y}?',
    'How many {noun} are dated {Y}?',
    'What number of {noun} happened in {Y}?',
    'Count the {noun} in {Y}.',
    'How many {noun} does {label} list for {Y}?',
    'In {Y}, how many {noun} were there?',
    'How many {noun} were recorded in {Y}?',
    'Tell me the number of {noun} in the year {Y}.',
    'What was the total of {noun} in {Y}?',
    'How many {noun} does the table record for {Y}?',
    'Number of {noun} in {Y}?',
    'How many {noun} were there during {Y}?',
  ],
  count_group_year: [
    'How many {noun} with {G} took place in {Y}?',
    'In {Y}, how many {noun} involved {G}?',
    'What was the number of {noun} with {G} during {Y}?',
    'How many {noun} did {G} have in {Y}?',
    'Count the {noun} with {G} in {Y}.',
    'How many {Y} {noun} involved {G}?',
    'How many {noun} with {G} were recorded in {Y}?',
    'Tell me how many {noun} {G} had in {Y}.',
    'During {Y}, how many {noun} were held with {G}?',
    'How many {noun} with {G} are listed for {Y}?',
    'Number of {noun} with {G} in {Y}?',
    'In {Y}, how many {noun} with {G} does {label} record?',
  ],
  count_value: [
    'How many {noun} have {C} {V}?',
    'How many {noun} list {V} as {C}?',
    'What is the number of {noun} whose {C} is {V}?',
    'Count the {noun} with {C} {V}.',
    'How many {noun} had {V} as {C}?',
    'How many {noun} are there with {V} ({C})?',
    'How many {noun} show {V} as the {C}?',
    'Tell me the number of {noun} where the {C} is {V}.',
    'In how many {noun} is the {C} {V}?',
    'How many {noun} are listed with {C} {V}?',
    'Number of {noun} whose {C} is {V}?',
    'How often is the {C} {V} among the {noun}?',
  ],
  count_null: [
    'How many {noun} have an unknown {C}?',
    'How many {noun} have no stated {C}?',
    'For how many {noun} is the {C} unknown?',
    'How many {noun} are missing a {C}?',
    'Count the {noun} without a known {C}.',
    'How many {noun} have {C} not stated?',
    'How many {noun} lack a {C}?',
    'Tell me how many {noun} have no known {C}.',
    'In how many {noun} is the {C} missing?',
    'How many {noun} do not state a {C}?',
    'Number of {noun} with the {C} unknown?',
    'How many {noun} are listed without any {C}?',
  ],
  count_threshold: [
    'How many {noun} had more than {N} {U}?',
    'How many {noun} involved at least {N} {U}?',
    'How many {noun} had over {N} {U}?',
    'How many {noun} had fewer than {N} {U}?',
    'How many {noun} had {N} {U} or more?',
    'How many {noun} had under {N} {U}?',
    'How many {noun} had above {N} {U}?',
    'Tell me how many {noun} involved no fewer than {N} {U}.',
    'How many {noun} had less than {N} {U}?',
    'How many {noun} had greater than {N} {U}?',
    'Number of {noun} with at least {N} {U}?',
    'How many {noun} counted fewer than {N} {U}?',
  ],
  range: [
    'How many {noun} with {G} since {Y}?',
    'How many {noun} with {G} took place before {Y}?',
    'How many {noun} with {G} happened after {Y}?',
    'How many {noun} with {G} took place between {Y} and {Y2}?',
    'How many {noun} with {G} were there from {Y} to {Y2}?',
    'How many {noun} with {G} took place prior to {Y}?',
    'Since {Y}, how many {noun} with {G} have there been?',
    'How many {noun} with {G} were recorded before {Y}?',
    'Between {Y} and {Y2}, how many {noun} took place with {G}?',
    'How many {noun} with {G} are listed from {Y} onwards?',
    'Number of {noun} with {G} before {Y}?',
    'How many {noun} with {G} were recorded after {Y}?',
  ],
  earliest: [
    'When was the earliest {single}{withG}?',
    'What was the first {single}{withG}?',
    'Which {single}{withG} came first?',
    'Show the oldest {single}{withG}.',
    'When did the first {single}{withG} take place?',
    'Name the earliest recorded {single}{withG}.',
    'Tell me the earliest {single}{withG}.',
    'What is the oldest {single}{withG} listed?',
    'When was the very first {single}{withG}?',
    'Which {single}{withG} is the earliest in the table?',
    'What was the initial {single}{withG}?',
    'When did the earliest {single}{withG} happen?',
  ],
  latest: [
    'When was the most recent {single}{withG}?',
    'What was the latest {single}{withG}?',
    'Which {single}{withG} came last?',
    'Show the newest {single}{withG}.',
    'When did the last {single}{withG} take place?',
    'Name the most recently recorded {single}{withG}.',
    'Tell me the latest {single}{withG}.',
    'What is the newest {single}{withG} listed?',
    'When was the most recent {single}{withG} recorded?',
    'Which {single}{withG} is the latest in the table?',
    'What was the last {single}{withG}?',
    'When did the latest {single}{withG} happen?',
  ],
  largest: [
    'What was the largest {single}{withG} by {U}?',
    'Which {single}{withG} had the most {U}?',
    'Which was the biggest {single}{withG} in {U}?',
    'Name the {single}{withG} with the highest {U}.',
    'Which {single}{withG} had the largest {C}?',
    'What is the {single}{withG} with the greatest number of {U}?',
    'Tell me the largest {single}{withG} by {U}.',
    'Which {single}{withG} was the biggest by {U}?',
    'What {single}{withG} had the highest {U}?',
    'Which {single}{withG} involved the most {U}?',
    'What was the biggest {single}{withG} by {U}?',
    'Which {single}{withG} had the greatest {C}?',
  ],
  lookup: [
    'What was the {C} of the {single} with {G} in {D}?',
    'Give the {C} of the {D} {single} with {G}.',
    'What {C} did the {single} with {G} in {D} have?',
    'What was the {C} for the {single} with {G} in {D}?',
    'Tell me the {C} of the {single} with {G} dated {D}.',
    'Which {C} is listed for the {D} {single} with {G}?',
    'Tell me the {C} of the {single} with {G} in {D}.',
    'For the {single} with {G} in {D}, what was the {C}?',
    'What {C} is given for the {single} with {G} in {D}?',
    'In {D}, what {C} did the {single} with {G} have?',
    'What {C} is recorded for the {single} with {G} in {D}?',
    'Give me the {C} of the {single} with {G} from {D}.',
  ],
  lookup_place: [
    'Where did the {single} with {G} in {D} take place?',
    'Where was the {D} {single} with {G} held?',
    'In what location was the {single} with {G} in {D}?',
    'What was the location of the {single} with {G} in {D}?',
    'Where was the {single} with {G} of {D}?',
    'At what place did the {D} {single} with {G} happen?',
    'Tell me where the {single} with {G} in {D} took place.',
    'For the {single} with {G} in {D}, where was it held?',
    'In which location did the {D} {single} with {G} take place?',
    'Where did the {D} {single} with {G} happen?',
    'What was the venue of the {single} with {G} in {D}?',
    'In {D}, where was the {single} with {G}?',
  ],
  argmax: [
    'Which year had the most {noun}{withG}?',
    'In which year were there the most {noun}{withG}?',
    'What year saw the most {noun}{withG}?',
    'Which year had the highest number of {noun}{withG}?',
    'In which year did the most {noun}{withG} take place?',
    'Which year has the greatest number of {noun}{withG}?',
    'Tell me which year had the most {noun}{withG}.',
    'Which year saw the highest number of {noun}{withG}?',
    'In what year were the most {noun}{withG} recorded?',
    'Which year recorded the most {noun}{withG}?',
    'What year had the largest number of {noun}{withG}?',
    'In which year did {label} record the most {noun}{withG}?',
  ],
  lookup_key: [
    'What is the {C} of {K}?',
    'What was the {C} for {K}?',
    'Give the {C} of {K}.',
    'What {C} does {K} have?',
    'Tell me the {C} for {K}.',
    'Which {C} is listed for {K}?',
    'For {K}, what is the {C}?',
    'What does the table give as the {C} of {K}?',
    '{K}: what is its {C}?',
    'What {C} does the table list for {K}?',
    'Give me the {C} for {K}.',
    'What is the recorded {C} of {K}?',
  ],
  key_max: [
    'Which {key} has the highest {C}?',
    'Which {key} has the largest {C}?',
    'What {key} had the biggest {C}?',
    'Name the {key} with the highest {C}.',
    'Which {key} shows the greatest {C}?',
    'Which {key} has the maximum {C}?',
    'Tell me the {key} with the largest {C}.',
    'Which {key} tops the table for {C}?',
    'What is the {key} with the highest {C}?',
    'Which {key} records the highest {C}?',
    'Which {key} has the greatest {C}?',
    'What {key} has the largest {C}?',
  ],
  key_min: [
    'Which {key} has the lowest {C}?',
    'Which {key} has the smallest {C}?',
    'What {key} had the least {C}?',
    'Name the {key} with the lowest {C}.',
    'Which {key} shows the smallest {C}?',
    'Which {key} has the minimum {C}?',
    'Tell me the {key} with the smallest {C}.',
    'Which {key} is lowest in {C}?',
    'What is the {key} with the lowest {C}?',
    'Which {key} records the lowest {C}?',
    'Which {key} has the least {C}?',
    'What {key} has the smallest {C}?',
  ],
  key_threshold: [
    'How many {keys} have a {C} above {N}?',
    'How many {keys} have a {C} of at least {N}?',
    'How many {keys} have a {C} over {N}?',
    'How many {keys} have a {C} below {N}?',
    'How many {keys} have a {C} of {N} or more?',
    'How many {keys} have a {C} under {N}?',
    'Tell me how many {keys} have a {C} greater than {N}.',
    'Count the {keys} with a {C} of no less than {N}.',
    'How many {keys} have a {C} lower than {N}?',
    'How many {keys} have a {C} higher than {N}?',
    'How many {keys} show a {C} of more than {N}?',
    'How many {keys} have a {C} of less than {N}?',
  ],
  key_null: [
    'How many {keys} have no {C}?',
    'How many {keys} have an unknown {C}?',
    'For how many {keys} is the {C} missing?',
    'How many {keys} are missing a {C}?',
    'Count the {keys} without a {C}.',
    'How many {keys} have no stated {C}?',
    'Tell me how many {keys} lack a {C}.',
    'How many {keys} give no {C}?',
    'In how many {keys} is the {C} not stated?',
    'How many {keys} have the {C} unknown?',
    'How many {keys} have no {C} listed?',
    'How many {keys} do not give a {C}?',
  ],
  key_earliest: [
    'Which {key} has the earliest {C}?',
    'Which {key} was first by {C}?',
    'What {key} has the oldest {C}?',
    'Name the {key} with the earliest {C}.',
    'Which {key} has the first {C}?',
    'Which {key} shows the oldest {C}?',
    'Tell me the {key} with the earliest {C}.',
    'Which {key} comes first by {C}?',
    'What is the {key} with the earliest {C}?',
    'Which {key} has the oldest {C}?',
    'Which {key} shows the earliest {C}?',
    'Which {key} has the first {C} in the table?',
  ],
  key_latest: [
    'Which {key} has the latest {C}?',
    'Which {key} was last by {C}?',
    'What {key} has the most recent {C}?',
    'Name the {key} with the latest {C}.',
    'Which {key} has the newest {C}?',
    'Which {key} shows the most recent {C}?',
    'Tell me the {key} with the latest {C}.',
    'Which {key} comes last by {C}?',
    'What is the {key} with the latest {C}?',
    'Which {key} has the newest {C}?',
    'Which {key} shows the latest {C}?',
    'Which {key} has the most recent {C} in the table?',
  ],
  count_per_year: [
    'How many {noun} were there per year?',
    'How many {noun} took place each year?',
    'Give the number of {noun} by year.',
    'Count the {noun} per year.',
    'How many {noun} are listed for each year?',
    'What is the number of {noun} in each year?',
    'Break down the {noun} by year.',
    'Tell me how many {noun} there were in each year.',
    'How many {noun} per year does {label} list?',
    'How many {noun} does the table list per year?',
    'Give a count of {noun} for every year.',
    'How many {noun} happened in each year?',
  ],
  count_per_group: [
    'How many {noun} does each of {GS} have?',
    'Give the number of {noun} for each of {GS}.',
    'How many {noun} are there for each of {GS}?',
    'Count the {noun} of each of {GS}.',
    'For each of {GS}, how many {noun} are listed?',
    'How many {noun} did each of {GS} have?',
    'Tell me the number of {noun} for each of {GS}.',
    'What is the count of {noun} for each of {GS}?',
    'Break the {noun} down by {GS}: how many each?',
    'How many {noun} are listed for each of {GS}?',
    'Give the count of {noun} for each of {GS}.',
    'For each of {GS}, how many {noun} are there?',
  ],
  count_value_group: [
    'How many {noun} with {G} have {C} {V}?',
    'How many {noun} with {G} list {V} as {C}?',
    'What is the number of {noun} with {G} whose {C} is {V}?',
    'Count the {noun} with {G} and {C} {V}.',
    'How many {noun} with {G} had {V} as {C}?',
    'In how many {noun} with {G} is the {C} {V}?',
    'Tell me how many {noun} with {G} have {C} {V}.',
    'For {G}, how many {noun} have {C} {V}?',
    'How many of the {noun} with {G} show {V} as {C}?',
    'How many {noun} with {G} are listed with {C} {V}?',
    'Number of {noun} with {G} whose {C} is {V}?',
    'How often is the {C} {V} among the {noun} with {G}?',
  ],
  key_year: [
    'How many {keys} have a {C} in {Y}?',
    'How many {keys} have {C} {Y}?',
    'Count the {keys} whose {C} is {Y}.',
    'How many {keys} show {Y} as {C}?',
    'What number of {keys} have their {C} in {Y}?',
    'How many {keys} list {Y} as the {C}?',
    'Tell me how many {keys} have a {C} in {Y}.',
    'In how many {keys} is the {C} {Y}?',
    'How many {keys} had their {C} in {Y}?',
    'How many {keys} have a {C} of {Y}?',
    'How many {keys} show a {C} in {Y}?',
    'Number of {keys} whose {C} is in {Y}?',
  ],
  argmax_group: [
    'Which of {GS} had the most {noun}?',
    'Which of {GS} has the highest number of {noun}?',
    'Among {GS}, which had the most {noun}?',
    'Which of {GS} saw the most {noun}?',
    'Which of {GS} has the most {noun} listed?',
    'Of {GS}, which one had the greatest number of {noun}?',
    'Tell me which of {GS} had the most {noun}.',
    'Which one of {GS} had the highest number of {noun}?',
    'Who had the most {noun}: {GS}?',
    'Which of {GS} has the largest number of {noun}?',
    'Of {GS}, which has the most {noun}?',
    'Which of {GS} records the most {noun}?',
  ],
};

/** The operation a template family reports under. */
const OPERATION: Record<string, string> = {
  count_group: 'count',
  count_year: 'count',
  count_group_year: 'count',
  count_value: 'count',
  count_null: 'count',
  count_threshold: 'count',
  range: 'count',
  earliest: 'earliest',
  latest: 'latest',
  largest: 'largest',
  lookup: 'lookup',
  lookup_place: 'lookup',
  argmax: 'argmax',
  argmax_group: 'argmax',
  count_per_year: 'per group',
  count_per_group: 'per group',
  count_value_group: 'count',
  key_year: 'count',
  lookup_key: 'lookup',
  key_max: 'largest',
  key_min: 'smallest',
  key_threshold: 'count',
  key_null: 'count',
  key_earliest: 'earliest',
  key_latest: 'latest',
};

/** Whether a phrasing index is held out of development (indices 6–11 of twelve: half). */
export function isHeldOut(phrasing: number): boolean {
  return phrasing >= 6;
}

/**
 * Whether a phrasing is blind (indices 9–11): written after the parser work of 2026-12-01 began and
 * never read question by question; reported on its own (failure listings leave them out).
 */
export function isBlind(phrasing: number): boolean {
  return phrasing >= 9;
}

/** Generate questions with gold for every table of a document that has at least four rows. */
export function generateQuestions(document: string, text: string, options: { maxPerFamily?: number } = {}): GeneratedQuestion[] {
  const maxPerFamily = options.maxPerFamily ?? 30;
  const out: GeneratedQuestion[] = [];
  readSourceTables(text).forEach((t) => {
    if (t.rows.length < 4) return;
    const s = shapeOf(t);
    // Tables whose first column names each row ("Irrigation", "June"): the rows are named by that column ("months"),
    // and event questions ("when was the first …", "which year had the most …") do not apply.
    const keyed = !s.groups.length && t.rows.every((r) => !missing(r.cells[0]) && !/^\d/.test(r.cells[0])) && new Set(t.rows.map((r) => r.cells[0].toLowerCase())).size === t.rows.length;
    if (keyed) {
      const key = shortName(t.header[0]);
      s.noun = key.endsWith('s') ? key : `${key}s`;
      s.single = key;
    }
    const counters = new Map<string, number>();
    const add = (family: string, vars: Record<string, string>, gold: Gold, cap = maxPerFamily) => {
      const n = counters.get(family) ?? 0;
      if (n >= cap) return;
      counters.set(family, n + 1);
      const phrasing = n % PHRASINGS[family].length;
      const question = PHRASINGS[family][phrasing].replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? ({ noun: s.noun, single: s.single, label: t.label ?? 'the table' } as Record<string, string>)[k] ?? '');
      out.push({ id: `${document}:${t.lines[0]}:${family}:${n}`, question, operation: OPERATION[family], phrasing, heldOut: isHeldOut(phrasing), blind: isBlind(phrasing), document, table: t.caption, tableLines: t.lines, gold });
    };
    const rows = t.rows;
    const year = (r: SourceRow) => (s.date === null ? null : (dateOf(r.cells[s.date])?.[0] ?? null));
    const dateKey = (r: SourceRow) => {
      const d = s.date === null ? null : dateOf(r.cells[s.date]);
      return d ? d[0] * 100 + d[1] : null;
    };
    const byGroup = (g: string | null) => (g === null ? rows : rows.filter((r) => r.group === g));
    const G = (g: string) => s.groupName.get(g) ?? g;
    const years = s.date === null ? [] : [...new Set(rows.map(year).filter((y): y is number => y !== null))].sort();

    for (const g of s.groups) add('count_group', { G: G(g) }, { kind: 'count', value: byGroup(g).length });
    if (!keyed) for (const y of spread(years, maxPerFamily)) add('count_year', { Y: String(y) }, { kind: 'count', value: rows.filter((r) => year(r) === y).length });
    const pairs = s.groups.flatMap((g) => [...new Set(byGroup(g).map(year).filter((y): y is number => y !== null))].map((y) => [g, y] as const));
    for (const [g, y] of spread(pairs, maxPerFamily)) add('count_group_year', { G: G(g), Y: String(y) }, { kind: 'count', value: byGroup(g).filter((r) => year(r) === y).length });
    if (!keyed && years.length >= 2) {
      const perYear: Record<string, number> = {};
      for (const y of years) perYear[String(y)] = rows.filter((r) => year(r) === y).length;
      for (let rep = 0; rep < 12; rep++) add('count_per_year', {}, { kind: 'counts', counts: perYear });
    }
    if (s.groups.length >= 2) {
      const perGroup: Record<string, number> = {};
      for (const g of s.groups) perGroup[G(g)] = byGroup(g).length;
      for (let rep = 0; rep < 12; rep++) add('count_per_group', { GS: joinOr(s.groups.map(G)).replace(/ or /, ' and ') }, { kind: 'counts', counts: perGroup });
    }
    for (const k of s.categorical) {
      if (!s.groups.length) break;
      const name = shortName(t.header[k]);
      const cells = (g: string) => byGroup(g).map((r) => r.cells[k]).filter((c) => !missing(c) && !/\d/.test(c));
      const pairsOf = s.groups.flatMap((g) => [...new Set(cells(g))].filter((v) => cells(g).filter((c) => c === v).length >= 2).map((v) => [g, v] as const));
      for (const [g, v] of spread(pairsOf, maxPerFamily)) add('count_value_group', { G: G(g), C: name, V: v }, { kind: 'count', value: byGroup(g).filter((r) => hasValue(r.cells[k], v)).length });
    }
    for (const k of s.categorical) {
      const name = shortName(t.header[k]);
      const counts = new Map<string, number>();
      for (const r of rows) if (!missing(r.cells[k])) counts.set(r.cells[k], (counts.get(r.cells[k]) ?? 0) + 1);
      const values = [...counts].filter(([v, c]) => c >= 2 && !/\d/.test(v)).sort((a, b) => b[1] - a[1]).slice(0, 10);
      for (const [v] of values) add('count_value', { C: name, V: v }, { kind: 'count', value: rows.filter((r) => hasValue(r.cells[k], v)).length });
    }
    for (const k of [s.numeric, s.place].filter((x): x is number => x !== null)) {
      const n = rows.filter((r) => missing(r.cells[k])).length;
      if (n > 0) for (let rep = 0; rep < 12; rep++) add('count_null', { C: shortName(t.header[k]) }, { kind: 'count', value: n });
    }
    if (s.numeric !== null) {
      const k = s.numeric;
      const unit = unitOf(t.header[k]);
      // A cell's number is the number it starts with ("1200 (580 Chinese)" → 1200); a cell that starts otherwise has none.
      const numbers = rows.map((r) => leadingNumber(r.cells[k])).filter((v): v is number => v !== null);
      const thresholds = [...new Set(numbers)].sort((a, b) => a - b).slice(1, -1);
      const ops: Array<(v: number, x: number) => boolean> = [(v, x) => v > x, (v, x) => v >= x, (v, x) => v > x, (v, x) => v < x, (v, x) => v >= x, (v, x) => v < x, (v, x) => v > x, (v, x) => v >= x, (v, x) => v < x, (v, x) => v > x, (v, x) => v >= x, (v, x) => v < x];
      for (let rep = 0; rep < Math.min(24, thresholds.length * 2); rep++) {
        const x = thresholds[rep % thresholds.length];
        const test = ops[(counters.get('count_threshold') ?? 0) % ops.length];
        add('count_threshold', { N: String(x), U: unit }, { kind: 'count', value: rows.filter((r) => { const v = leadingNumber(r.cells[k]); return v !== null && test(v, x); }).length });
      }
    }
    if (s.date !== null && !keyed) {
      for (const g of s.groups) {
        const gy = [...new Set(byGroup(g).map(year).filter((y): y is number => y !== null))].sort();
        if (gy.length < 3) continue;
        const [a, b] = [gy[Math.floor(gy.length / 3)], gy[Math.floor((2 * gy.length) / 3)]];
        const within = (test: (y: number) => boolean) => byGroup(g).filter((r) => year(r) !== null && test(year(r)!)).length;
        const golds = [within((y) => y >= a), within((y) => y < a), within((y) => y > a), within((y) => y >= a && y <= b), within((y) => y >= a && y <= b), within((y) => y < b), within((y) => y >= a), within((y) => y < b), within((y) => y >= a && y <= b), within((y) => y >= a), within((y) => y < a), within((y) => y > a)];
        for (let rep = 0; rep < 12; rep++) {
          const k = (counters.get('range') ?? 0) % 12;
          add('range', { G: G(g), Y: String(k === 5 || k === 7 ? b : a), Y2: String(b) }, { kind: 'count', value: golds[k] });
        }
      }
      for (const g of [null, ...s.groups]) {
        const dated = byGroup(g).filter((r) => dateKey(r) !== null);
        if (dated.length < 2) continue;
        const min = Math.min(...dated.map((r) => dateKey(r)!));
        const max = Math.max(...dated.map((r) => dateKey(r)!));
        const withG = g ? ` with ${G(g)}` : '';
        for (let rep = 0; rep < 3; rep++) {
          add('earliest', { withG }, { kind: 'rows', lines: dated.filter((r) => dateKey(r) === min).map((r) => r.line) });
          add('latest', { withG }, { kind: 'rows', lines: dated.filter((r) => dateKey(r) === max).map((r) => r.line) });
        }
        const perYear = new Map<number, number>();
        for (const r of dated) perYear.set(year(r)!, (perYear.get(year(r)!) ?? 0) + 1);
        const top = Math.max(...perYear.values());
        for (let rep = 0; rep < 3; rep++) add('argmax', { withG }, { kind: 'keys', keys: [...perYear].filter(([, c]) => c === top).map(([y]) => String(y)) });
      }
    }
    if (s.groups.length >= 2) {
      const counts = s.groups.map((g) => byGroup(g).length);
      const top = Math.max(...counts);
      for (let rep = 0; rep < 12; rep++) add('argmax_group', { GS: joinOr(s.groups.map(G)) }, { kind: 'keys', keys: s.groups.filter((_, i) => counts[i] === top).map(G) });
    }
    if (s.numeric !== null && !keyed) {
      const k = s.numeric;
      for (const g of [null, ...s.groups]) {
        const known = byGroup(g).filter((r) => leadingNumber(r.cells[k]) !== null);
        if (known.length < 2) continue;
        const max = Math.max(...known.map((r) => leadingNumber(r.cells[k])!));
        const withG = g ? ` with ${G(g)}` : '';
        for (let rep = 0; rep < 5; rep++) add('largest', { withG, U: unitOf(t.header[k]), C: shortName(t.header[k]) }, { kind: 'rows', lines: known.filter((r) => leadingNumber(r.cells[k]) === max).map((r) => r.line) });
      }
    }
    if (s.date !== null && s.groups.length) {
      // Lookups by date and group: rows that are the only one of their group in their month.
      const key = (r: SourceRow) => `${r.group}|${dateKey(r)}`;
      const seen = new Map<string, number>();
      for (const r of rows) seen.set(key(r), (seen.get(key(r)) ?? 0) + 1);
      const unique = rows.filter((r) => r.group && dateKey(r) !== null && dateKey(r)! % 100 !== 0 && seen.get(key(r)) === 1);
      const asked = [s.place, s.numeric, ...s.categorical].filter((k): k is number => k !== null && k !== s.date);
      for (const r of spread(unique, maxPerFamily)) {
        const [y, m] = dateOf(r.cells[s.date])!;
        const D = `${MONTH_WORDS[m - 1]} ${y}`;
        const k = s.place !== null && !missing(r.cells[s.place]) ? s.place : asked.find((c) => !missing(r.cells[c]));
        if (k === undefined) continue;
        if (k === s.place) add('lookup_place', { G: G(r.group!), D }, { kind: 'value', text: r.cells[k] });
        else add('lookup', { G: G(r.group!), D, C: shortName(t.header[k]) }, { kind: 'value', text: r.cells[k] });
      }
    }
    // Tables whose first column names each row ("Irrigation", "June"): lookups by that name, extremes and counts per column.
    if (keyed) {
      const key = shortName(t.header[0]);
      const keys = key.endsWith('s') ? key : `${key}s`;
      const others = t.header.map((_, k) => k).filter((k) => k > 0);
      const pairs = rows.flatMap((r) => others.filter((k) => !missing(r.cells[k])).map((k) => [r, k] as const));
      for (let rep = 0; rep < 3; rep++) for (const [r, k] of pairs) add('lookup_key', { K: r.cells[0], C: shortName(t.header[k]) }, { kind: 'value', text: r.cells[k] }, 400);
      for (const k of others) {
        const C = shortName(t.header[k]);
        const nums = rows.map((r) => ({ r, v: dateOf(r.cells[k]) ? null : numberIn(r.cells[k]) })).filter((x): x is { r: SourceRow; v: number } => x.v !== null);
        const dated = rows.map((r) => ({ r, d: dateOf(r.cells[k]) ?? dayDate(r.cells[k]) })).filter((x): x is { r: SourceRow; d: [number, number] } => x.d !== null);
        const missingCount = rows.filter((r) => missing(r.cells[k])).length;
        if (missingCount) for (let rep = 0; rep < 12; rep++) add('key_null', { keys, C }, { kind: 'count', value: missingCount }, 400);
        if (dated.length >= 3 && dated.length >= nums.length) {
          const years = [...new Set(dated.map((x) => x.d[0]))].sort();
          for (const y of years) for (let rep = 0; rep < 3; rep++) add('key_year', { keys, C, Y: String(y) }, { kind: 'count', value: dated.filter((x) => x.d[0] === y).length }, 400);
          const keyOf = (d: [number, number]) => d[0] * 100 + d[1];
          const lo = Math.min(...dated.map((x) => keyOf(x.d)));
          const hi = Math.max(...dated.map((x) => keyOf(x.d)));
          for (let rep = 0; rep < 12; rep++) {
            add('key_earliest', { key, C }, { kind: 'rows', lines: dated.filter((x) => keyOf(x.d) === lo).map((x) => x.r.line) }, 400);
            add('key_latest', { key, C }, { kind: 'rows', lines: dated.filter((x) => keyOf(x.d) === hi).map((x) => x.r.line) }, 400);
          }
        } else if (nums.length >= 3) {
          const lo = Math.min(...nums.map((x) => x.v));
          const hi = Math.max(...nums.map((x) => x.v));
          for (let rep = 0; rep < 12; rep++) {
            add('key_max', { key, C }, { kind: 'rows', lines: nums.filter((x) => x.v === hi).map((x) => x.r.line) }, 400);
            add('key_min', { key, C }, { kind: 'rows', lines: nums.filter((x) => x.v === lo).map((x) => x.r.line) }, 400);
          }
          const sorted = [...new Set(nums.map((x) => x.v))].sort((a, b) => a - b);
          const mid = sorted[Math.floor(sorted.length / 2)];
          const tests: Array<(v: number) => boolean> = [(v) => v > mid, (v) => v >= mid, (v) => v > mid, (v) => v < mid, (v) => v >= mid, (v) => v < mid, (v) => v > mid, (v) => v >= mid, (v) => v < mid, (v) => v > mid, (v) => v > mid, (v) => v < mid];
          for (let rep = 0; rep < 12; rep++) {
            const test = tests[(counters.get('key_threshold') ?? 0) % 12];
            add('key_threshold', { keys, C, N: String(mid) }, { kind: 'count', value: nums.filter((x) => test(x.v)).length }, 400);
          }
        }
      }
    }
  });
  return out;
}

/** "Size (in personnel)" → "size"; "TYPE" → "type". */
function shortName(header: string): string {
  return header.replace(/\s*\(.*?\)\s*/g, ' ').trim().toLowerCase();
}

/** The unit a numeric column counts: "Size (in personnel)" → "personnel"; else its short name. */
function unitOf(header: string): string {
  const m = /\((?:in\s+)?([^)]+)\)/i.exec(header);
  return (m ? m[1] : shortName(header)).toLowerCase();
}

function joinOr(names: string[]): string {
  return names.length <= 2 ? names.join(' or ') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** Up to `n` items spread evenly over the list (so the first n are not all from one block). */
function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);
}
