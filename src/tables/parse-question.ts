import { stem, STOP_WORDS } from '../core/tokenize.js';
import { IRREGULAR_VERBS, monthNumber, numberWordValue } from '../core/words.js';
import type { ColumnFilter, Operation, StructuredQuery } from './structured-query.js';
import type { SqlColumn } from './table-database.js';
import { wordMatch, wordsOf, type TableVocabulary, type ValueAlias } from './vocabulary.js';

/** One way of reading a question as a query over one table, with how well it fits. */
export interface Reading {
  query: StructuredQuery;
  /** Higher is better; comparable across tables for the same question. */
  score: number;
  /** Question words nothing accounted for (a reading with any is not used). */
  unexplained: string[];
}

/**
 * General English around the data vocabulary: question words, auxiliaries, light verbs,
 * determiners and prepositions, and nouns that name rows of any table. Anything else in a
 * question must be explained by the table (caption, column names, cell values) for a reading
 * to be used.
 */
const GRAMMAR = new Set(
  `a an the of in on at to from with by for into onto about as than then there here it its it's their them they this that these those
  and or nor but not also ever all any each every per both either some other own same such very just only
  how many much number numbers count counts counted what which when where who whom whose why whether
  is are was were be been being am do does did done doing have has had having can could will would shall should may might must
  hold holds held holding take takes took taken taking place part conduct conducts conducted conducting carry carried out
  happen happened occur occurred involve involved involving include included including make made give gave given get got
  receive received receives send sent provide provided supply supplied deliver delivered
  join joined participate participated participating engage engaged see saw record recorded document documented report reported list listed lists
  name names show tell me us please give enumerate provide find identify
  come came comes coming among amongst
  activity activities program programs programme programmes
  row rows record records entry entries item items event events case cases instance instances time times ones one occasion occasions
  total totals sum combined altogether overall together in-total
  first earliest oldest initial last latest recent recently newest most least largest biggest highest greatest maximum smallest lowest fewest minimum
  more less fewer over under above below at least exactly since before after until till through up prior between during starting beginning
  year years month months date dates day period side sides far so show shows lack lacks top tops come comes
  run runs ran issue issued own owns owned manage manages managed use uses used its attend attends attended meet meets met pay pays paid
  table tables often appear appears appeared`.split(/\s+/),
);
/** Nouns that count occurrences of whatever the question describes. */
const TIMES = new Set(['times', 'occasions', 'instances', 'cases']);
/** The grammar's stems, so inflections ("shows", "listing") are grammar too. */
const GRAMMAR_STEMS = new Set([...GRAMMAR].map(stem));
const isGrammar = (t: { w: string; stem: string }) => GRAMMAR.has(t.w) || GRAMMAR_STEMS.has(t.stem);

/** Words for a sum of money: they name the money mentioned in a column's cells. */
const MONEY_WORDS = new Set(['value', 'worth', 'amount', 'cost', 'price', 'sum', 'money', 'values', 'amounts']);
const PLACE_WORDS = new Set(['locat', 'place', 'venu', 'site', 'citi', 'where', 'host']);
const DATE_WORDS = new Set(['year', 'date', 'month', 'when', 'time', 'period']);
const EARLIEST = /\b(?:earliest|first|oldest|initial)\b/;
const LATEST = /\b(?:latest|last|most recent(?:ly)?|newest|recent(?:ly)?)\b/;
const MAX = /\b(?:largest|biggest|highest|greatest|maximum|most|top)\b/;
const MIN = /\b(?:smallest|lowest|fewest|minimum|least)\b/;

interface Token {
  w: string;
  stem: string;
  used: boolean;
  /** Explained by a cell value or phrase (not by grammar or caption). */
  linked?: boolean;
}

interface Link {
  start: number;
  end: number;
  column: SqlColumn;
  values: string[];
  strength: number;
  /** The whole value was named (eq/in), rather than a part of it. */
  whole: boolean;
}

/** Read a question against every table's vocabulary: the readings that explain it, best first. */
export function readQuestion(question: string, vocabularies: readonly TableVocabulary[]): Reading[] {
  if (question.length > 400) return [];
  const words = wordsOf(question);
  if (words.length < 2 || words.length > 60) return [];
  const readings: Reading[] = [];
  for (const vocab of vocabularies) {
    const reading = readFor(words, vocab);
    if (reading) readings.push(reading);
  }
  return readings.sort((a, b) => b.score - a.score);
}

function readFor(words: string[], vocab: TableVocabulary): Reading | null {
  const tokens: Token[] = words.map((w) => ({ w, stem: stem(IRREGULAR_VERBS[w] ?? w), used: false }));
  // A column named in full ("year of lowest", "lowest recorded") is a column, not an operation word: hide it from the grammar.
  const opWords = [...words];
  /** The column whose whole multi-word name covers each question word, longest names first. */
  const namedInFull: Array<SqlColumn | null> = words.map(() => null);
  const byLength = vocab.table.columns
    .map((c) => ({ c, name: wordsOf(c.name.replace(/\s*\(.*?\)\s*/g, ' ')) }))
    .filter((x) => x.name.length >= 2)
    .sort((a, b) => b.name.length - a.name.length);
  for (const { c, name } of byLength) {
    for (let i = 0; i + name.length <= words.length; i++) {
      if (!name.every((w, k) => words[i + k] === w && !namedInFull[i + k])) continue;
      for (let k = 0; k < name.length; k++) {
        opWords[i + k] = 'column';
        namedInFull[i + k] = c;
      }
    }
  }
  const text = opWords.join(' ');
  const use = (from: number, to: number) => {
    for (let i = from; i < to && i < tokens.length; i++) tokens[i].used = true;
  };
  const columns = vocab.table.columns;
  const dateColumn = columns.find((c) => c.type === 'date') ?? null;
  const numericColumns = columns.filter((c) => c.numeric);
  const moneyColumn = columns.find((c) => c.hasMoney) ?? null;
  const groupColumn = columns.find((c) => c.role === 'group') ?? null;
  const mentionsColumn = (c: SqlColumn, from = 0, to = tokens.length) => {
    const stems = vocab.columnStems.get(c)!;
    for (let i = from; i < to; i++) if (stems.has(tokens[i].stem) || stems.has(tokens[i].w)) return i;
    return -1;
  };
  const columnNamed = (i: number): SqlColumn | null => {
    if (i < 0 || i >= tokens.length) return null;
    const t = tokens[i];
    if (namedInFull[i]) return namedInFull[i];
    if (vocab.keyColumn && vocab.rowNounStems.has(t.stem)) return vocab.keyColumn;
    if (DATE_WORDS.has(t.w) && dateColumn) return dateColumn;
    if (PLACE_WORDS.has(t.stem)) {
      const place = columns.find((c) => [...vocab.columnStems.get(c)!].some((s) => PLACE_WORDS.has(s)));
      if (place) return place;
    }
    return columns.find((c) => vocab.columnStems.get(c)!.has(t.stem)) ?? null;
  };
  /** A column a lookup asks for by name ("the type of …"), not the date or group column. */
  const lookupColumn = (word: string): SqlColumn | null => {
    const i = opWords.indexOf(word);
    const c = columnNamed(i);
    if (!c || c.role === 'group' || c === vocab.keyColumn) return null;
    // A date column is asked for by its own name ("year of lowest", "opened"), not by a generic "date" or "year".
    return c.type !== 'date' || word === 'column' || !DATE_WORDS.has(words[i]) ? c : null;
  };
  const filters: ColumnFilter[] = [];
  let score = 0;

  // 1. The operation, from the general grammar.
  let operation: Operation | null = null;
  let target: SqlColumn | null = null;
  /** The numeric column the words in [from, to) name best: the largest share of its name's words ("fee per m³" over "million m³"). */
  const numericNear = (from: number, to: number): SqlColumn | null => {
    let best: SqlColumn | null = null;
    let bestShare = 0;
    const inRange = new Set(tokens.slice(Math.max(0, from), Math.min(tokens.length, to)).flatMap((t) => [t.stem, t.w]));
    for (const c of numericColumns) {
      const stems = [...vocab.columnStems.get(c)!];
      const share = stems.length ? stems.filter((x) => inRange.has(x)).length / stems.length : 0;
      if (share > bestShare) [best, bestShare] = [c, share];
    }
    return best;
  };
  const mentionedNumeric = numericNear(0, tokens.length);
  let m: RegExpExecArray | null;
  const at = (re: RegExp): number => {
    const found = re.exec(text);
    return found ? text.slice(0, found.index).split(' ').filter(Boolean).length : -1;
  };

  const MOST = '(?:most(?! recent)|highest number|greatest number|largest number)';
  const argmax = new RegExp(`\\b(?:which|what)\\s+(\\S+)(?:\\s+\\S+){0,8}?\\s+(?:the\\s+)?${MOST}\\b|\\bin which\\s+(\\S+)\\b.*\\b${MOST}\\b|\\b(\\S+)\\s+with\\s+the\\s+${MOST}\\b`).exec(text);
  // "per year", "by the agency" — but not "operated by the <a cell value>": that is a filter.
  const perGroupRaw = /\b(?:per|by|each|every|for each|in each|broken down by)\s+(?:the\s+)?(\S+)/.exec(text);
  const perGroup = perGroupRaw && !vocab.aliases.some((a) => a.tokens.length > 1 && a.tokens[0] === perGroupRaw[1] && a.column.role !== 'group') ? perGroupRaw : null;
  const counting = /\b(?:how many|number of|count|how often|tally)\b/.test(text.replace(/\b(?:highest|greatest|largest) number of\b/g, ''));
  // "the most personnel", "the greatest number of personnel": a measure, so the largest row, not the group with most rows.
  const mostMeasure = new RegExp(`\\b${MOST}\\s+(?:of\\s+)?(\\S+)`).exec(text);
  const measured = mostMeasure ? numericNear(text.slice(0, mostMeasure.index + mostMeasure[0].length).split(' ').length - 1, text.slice(0, mostMeasure.index + mostMeasure[0].length).split(' ').length) : null;
  if (argmax && !(measured && !counting)) {
    operation = 'argmax_group';
    const word = argmax[1] ?? argmax[2] ?? argmax[3];
    target = columnNamed(words.indexOf(word)) ?? groupColumn;
    use(words.indexOf(word), words.indexOf(word) + 1);
  } else if (counting && perGroup && !/^\d+$/.test(perGroup[1]) && columnNamed(words.indexOf(perGroup[1], 1)) !== (numericColumns[0] ?? undefined)) {
    operation = 'count_per_group';
    target = columnNamed(words.indexOf(perGroup[1], 1)) ?? groupColumn;
    use(words.indexOf(perGroup[1], 1), words.indexOf(perGroup[1], 1) + 1);
  } else if ((m = /\bhow many\s+(?:\S+\s+)?(\S+)/.exec(text)) && !vocab.rowNounStems.has(tokens[at(/\bhow many\b/) + 2]?.stem ?? '') && numericNear(at(/\bhow many\b/) + 2, at(/\bhow many\b/) + 4)) {
    operation = 'sum';
    target = numericNear(at(/\bhow many\b/) + 2, at(/\bhow many\b/) + 4);
  } else if (/\b(?:total|in total|combined|altogether|sum)\b/.test(text) && mentionedNumeric && !/\btotal number of\b/.test(text.replace(/number of (?:\S+ )?(?=personnel)/, ''))) {
    operation = 'sum';
    target = mentionedNumeric;
  } else if (counting) {
    operation = 'count';
  } else if ((MAX.test(text) || measured) && numericColumns.length && !/\bmost recent/.test(text)) {
    operation = 'max';
    target = measured ?? mentionedNumeric ?? (numericColumns.length === 1 ? numericColumns[0] : null);
  } else if (MIN.test(text) && numericColumns.length) {
    operation = 'min';
    target = mentionedNumeric ?? (numericColumns.length === 1 ? numericColumns[0] : null);
  } else if (LATEST.test(text) && dateColumn) {
    operation = 'latest';
    target = dateColumn;
  } else if (EARLIEST.test(text) && dateColumn) {
    operation = 'earliest';
    target = dateColumn;
  } else if ((m = /^(?:when|in what year|in which year|what year|what date|on what date|in what month)\b/.exec(text)) && dateColumn) {
    operation = 'lookup';
    target = dateColumn;
  } else if (/^(?:where|(?:in|at) (?:what|which) (?:place|location|city|town|site|venue)|what (?:place|location))\b/.test(text)) {
    operation = 'lookup';
    target = columns.find((c) => [...vocab.columnStems.get(c)!].some((s) => PLACE_WORDS.has(s))) ?? null;
  } else if ((m = /^(?:what|which)\s+(?:was|were|is|are)\s+(?:the\s+)?(\S+)/.exec(text)) && columnNamed(1 + (words[2] === 'the' ? 2 : 1)) && words[0] !== 'which') {
    operation = 'lookup';
    const i = 2 + (words[2] === 'the' ? 1 : 0);
    target = columnNamed(i);
    use(i, i + 1);
  } else if ((m = /^(?:give(?: me)?|tell me|show(?: me)?|state|what|which)\s+(?:(?:was|is|were|are)\s+)?(?:the\s+)?(\S+)/.exec(text)) && lookupColumn(m[1])) {
    operation = 'lookup';
    target = lookupColumn(m[1]);
    use(opWords.indexOf(m[1]), opWords.indexOf(m[1]) + 1);
  } else if (/^(?:how (?:large|big)|what size)\b/.test(text) && numericColumns.length) {
    operation = 'lookup';
    target = mentionedNumeric ?? numericColumns[0];
  } else if (/^(?:which|what|list|name|show|give|enumerate|tell)\b|\blist\b/.test(text)) {
    operation = 'list';
  }
  let orderFree = false;
  // Word order aside ("In April, what was …", "X: who is its operator?"): a question word, the one column it names
  // and (checked below) a row it names.
  const orderFreeTarget = (): SqlColumn | null => {
    if (!/\b(?:what|which|who|whose|give|tell|show|state|how much)\b/.test(text)) return null;
    const full = columns.filter((c) => namedInFull.includes(c));
    const candidates = (full.length ? full : columns.filter((c) => mentionsColumn(c) >= 0)).filter((c) => c !== vocab.keyColumn && c.role !== 'group');
    return candidates.length === 1 ? candidates[0] : null;
  };
  // "Tell me X's operator" reads as a list until the counted phrase turns out to name no rows.
  const listOrLookup = operation === 'list' ? orderFreeTarget() : null;
  if (!operation && orderFreeTarget()) {
    operation = 'lookup';
    target = orderFreeTarget();
    orderFree = true;
  }
  if (!operation) return null;
  if ((operation === 'max' || operation === 'min' || operation === 'sum') && !target) return null;
  if (operation === 'lookup' && !target) return null;
  if ((operation === 'count_per_group' || operation === 'argmax_group') && !target) return null;
  if (target) {
    const named = mentionsColumn(target);
    if (named >= 0) use(named, named + 1);
    score += 1;
    // The target named by its whole multi-word name, or by a word the caption shares, also says which table.
    if (namedInFull.includes(target)) score += 1;
    else if (named >= 0) score += 0.5 * (vocab.captionStems.get(tokens[named].stem) ?? 0);
  }

  // 2. Dates and numbers with their comparators.
  const years: Array<{ i: number; len: number; value: string }> = [];
  const NUMBER_CUE = /\b(?:more than|over|above|greater than|higher than|exceeding|larger than|bigger than|at least|no fewer than|no less than|less than|fewer than|lower than|under|below|smaller than|at most|no more than|exactly)$/;
  for (let i = 0; i < tokens.length; i++) {
    if (!/^(?:1[89]|20)\d\d$/.test(tokens[i].w)) continue;
    // "2000 personnel", "more than 1000": a number, not a year.
    if (numericNear(i + 1, i + 2) || NUMBER_CUE.test(words.slice(Math.max(0, i - 3), i).join(' '))) continue;
    const month = i > 0 ? monthNumber(tokens[i - 1].w) : null;
    const day = month && i > 1 && /^\d{1,2}$/.test(tokens[i - 2].w) ? Number(tokens[i - 2].w) : null;
    const len = month ? (day ? 3 : 2) : 1;
    const value = month ? `${tokens[i].w}-${String(month).padStart(2, '0')}${day ? `-${String(day).padStart(2, '0')}` : ''}` : tokens[i].w;
    years.push({ i: i - len + 1, len, value });
  }
  for (let k = 0; k < years.length; k++) {
    const y = years[k];
    if (tokens[y.i].used) continue;
    if (!dateColumn) return null;
    const before = words.slice(Math.max(0, y.i - 3), y.i).join(' ');
    const next = years[k + 1];
    const gap = next ? words.slice(y.i + y.len, next.i).join(' ') : '';
    if (next && /^(?:and|to|until|through|till|)$/.test(gap) && (/\b(?:between|from)\s*$/.test(before) || gap === '' || gap === 'to')) {
      filters.push({ column: dateColumn.name, op: 'between', values: [y.value, next.value] });
      use(Math.max(0, y.i - 1), next.i + next.len);
      k++;
    } else {
      // "the exercise from October 2016" names one date; "since" / "from … on" a range.
      const from = operation === 'lookup' && /\bfrom\s*$/.test(before) && !/^(?:on|onwards|onward)\b/.test(words[y.i + y.len] ?? '');
      const op: ColumnFilter['op'] = from
        ? 'eq'
        : /\b(?:since|starting|as of|from)\s*$/.test(before) || /\bin or after\s*$/.test(before)
        ? 'gte'
        : /\bafter\s*$/.test(before)
          ? 'after'
          : /\b(?:before|prior to)\s*$/.test(before)
            ? 'before'
            : /\b(?:until|till|through|up to|by)\s*$/.test(before)
              ? 'lte'
              : 'eq';
      filters.push({ column: dateColumn.name, op, value: y.value });
      use(y.i, y.i + y.len);
    }
    score += 1;
  }
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].used) continue;
    const n = /^\d+(?:\.\d+)?$/.test(tokens[i].w) ? Number(tokens[i].w) : numberWordValue(tokens[i].w);
    if (n === null || (tokens[i].w === 'one' && !/\d/.test(tokens[i].w))) continue;
    const before = words.slice(Math.max(0, i - 3), i).join(' ');
    const after = words.slice(i + 1, i + 5).join(' ');
    const op: ColumnFilter['op'] | null = /\b(?:more than|over|above|greater than|higher than|exceeding|larger than|bigger than)$/.test(before)
      ? 'gt'
      : /\b(?:at least|minimum of|no fewer than|no less than)$/.test(before) || /^(?:\S+ ){0,2}or more\b/.test(after)
        ? 'gte'
        : /\b(?:less than|fewer than|lower than|under|below|smaller than)$/.test(before)
          ? 'lt'
          : /\b(?:at most|no more than|maximum of|up to)$/.test(before) || /^(?:\S+ ){0,2}or (?:fewer|less)\b/.test(after)
            ? 'lte'
            : /\b(?:exactly|of)$/.test(before)
              ? 'eq'
              : null;
    if (!op) continue;
    const c = numericNear(i + 1, i + 4) ?? numericNear(i - 4, i) ?? (numericColumns.length === 1 ? numericColumns[0] : null);
    if (!c) return null;
    filters.push({ column: c.name, op, value: n });
    use(i - (before.split(' ').length >= 2 && /\b(?:more|less|fewer|greater|higher|lower|larger|bigger|smaller|at|no|minimum|maximum|up) \S+$/.test(before) ? 2 : 1), i + 1);
    const orMore = /^((?:\S+ ){0,2})or (?:more|fewer|less)\b/.exec(after);
    if (orMore) {
      const unit = orMore[1] ? orMore[1].trim().split(' ').length : 0;
      use(i + 1 + unit, i + 3 + unit);
    }
    score += 1;
  }

  // 3. Missing or stated values: "unknown size", "size unknown", "with a stated value".
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i].w;
    if (tokens[i].used) continue;
    // "do not have a …", "does not give the …": the same as "no …".
    const negated = w === 'not' && /^(?:do|does|did)$/.test(words[i - 1] ?? '') && /^(?:have|has|give|gives|list|lists|state|states|show|shows)$/.test(words[i + 1] ?? '');
    if (negated) {
      const k = i + 2 + (/^(?:a|an|the|any)$/.test(words[i + 2] ?? '') ? 1 : 0);
      const c = columnNamed(k);
      if (c) {
        filters.push({ column: c.name, op: 'is_null' });
        use(i - 1, k + 1);
        score += 1;
        continue;
      }
    }
    if (/^(?:unknown|unstated|unspecified|missing|without|no)$/.test(w)) {
      const j = i + 1 + (/^(?:a|an|the|any)$/.test(words[i + 1] ?? '') ? 1 : 0) + (/^(?:known|stated|given|reported|recorded)$/.test(words[i + 1 + (/^(?:a|an|the|any)$/.test(words[i + 1] ?? '') ? 1 : 0)] ?? '') ? 1 : 0);
      const c = columnNamed(j);
      if (c) {
        filters.push({ column: c.name, op: 'is_null' });
        use(i, j + 1);
        score += 1;
        continue;
      }
    }
    if (/^(?:unknown|not|missing|unstated)$/.test(w) && i > 0 && (w !== 'not' || /^(?:known|stated|given|reported|recorded|listed)$/.test(words[i + 1] ?? ''))) {
      // "the size unknown", "size not stated", "the size is unknown"
      const copula = /^(?:is|was|are|were)$/.test(words[i - 1]) ? 1 : 0;
      const c = columnNamed(i - 1 - copula);
      if (c) {
        filters.push({ column: c.name, op: 'is_null' });
        use(i - 1 - copula, i + (w === 'not' ? 2 : 1));
        score += 1;
      }
    } else if (/^(?:known|stated|given|reported|recorded)$/.test(w) && i > 0 && /^(?:a|an|with|have|has|had)$/.test(words[i - 1])) {
      if (moneyColumn && MONEY_WORDS.has(words[i + 1] ?? '')) {
        filters.push({ column: moneyColumn.name, op: 'not_null', part: 'amount' });
        use(i, i + 2);
        score += 1;
        continue;
      }
      const c = columnNamed(i + 1);
      if (c) {
        filters.push({ column: c.name, op: 'not_null' });
        use(i, i + 2);
        score += 1;
      }
    }
  }

  // 4. Cell phrases: the thing counted or listed when the caption does not name it, and topics ("about drug trafficking").
  const textColumns = [...vocab.freeTextCells.keys()];
  const phraseFilters: ColumnFilter[] = [];
  const tryPhrase = (from: number, to: number): boolean => {
    const phrase = tokens.slice(from, to);
    if (!phrase.length || phrase.some((t) => t.used)) return false;
    const forms = [phrase.map((t) => t.w).join(' '), [...phrase.slice(0, -1).map((t) => t.w), phrase.at(-1)!.stem].join(' ')];
    const found = (filter: ColumnFilter) => {
      phraseFilters.push(filter);
      use(from, to);
      for (let i = from; i < to; i++) tokens[i].linked = true;
      score += phrase.length * 0.8;
      return true;
    };
    for (const c of textColumns) {
      const cells = vocab.freeTextCells.get(c)!;
      for (const form of forms) if (form.length >= 4 && cells.some((cell) => ` ${cell.folded} `.includes(` ${form}`))) return found({ column: c.name, op: 'contains', value: form });
    }
    // The words in another order ("joint border patrols" → "Joint patrol along the border"): the cells that have them all.
    const stems = phrase.map((t) => t.stem).filter((x) => !STOP_WORDS.has(x));
    if (stems.length < 2) return false;
    for (const c of textColumns) {
      const values = [...new Set(vocab.freeTextCells.get(c)!.filter((cell) => stems.every((x) => cell.stems.has(x))).map((cell) => cell.printed))];
      if (values.length && values.length <= 50) return found(valueFilter(c, values));
    }
    return false;
  };
  const topic = /\b(?:about|regarding|concerning|discussing|discussed|discuss|on the topic of|related to|relating to|mentioning|focused on|focusing on|on)\s+/g;
  for (const t of text.matchAll(topic)) {
    const from = text.slice(0, t.index! + t[0].length).split(' ').filter(Boolean).length;
    let to = from;
    while (to < tokens.length && !tokens[to].used && !GRAMMAR.has(tokens[to].w)) to++;
    for (let end = to; end > from; end--) if (tryPhrase(from, end)) break;
  }
  const counted = [/\bhow many\s+/, /\bnumber of\s+/, /\bcount(?: of)?(?: the)?\s+/, /\b(?:which|what|list(?: all)?(?: the)?|name(?: the)?|show(?: me)?(?: the)?)\s+/].map((re) => re.exec(text)).find((x) => x) ?? null;
  let countedSpan: [number, number] = [0, 0];
  if (counted) {
    const from = text.slice(0, counted.index + counted[0].length).split(' ').filter(Boolean).length;
    let to = from;
    while (to < tokens.length && ((!GRAMMAR.has(tokens[to].w) && !STOP_WORDS.has(tokens[to].w)) || vocab.rowNounStems.has(tokens[to].stem))) to++;
    countedSpan = [from, to];
    // When no specific caption word names what is counted, its words are tried as a phrase of the cells ("joint border patrols").
    const named = tokens.slice(from, to).some((t) => (vocab.captionStems.get(t.stem) ?? 0) > 0);
    if (!named) for (let start = from; start < to; start++) if (tryPhrase(start, to)) break;
  }
  // 5. Cell values named in the question, longest and strongest first.
  const links: Link[] = [];
  const placeColumns = new Set(columns.filter((c) => [...vocab.columnStems.get(c)!].some((s) => PLACE_WORDS.has(s))));
  /** Words too common to name part of a value alone: caption words, and words in many of the column's values. After "in" / "at", a place column's words still name places ("held in X"). */
  const weakFor = (alias: ValueAlias) => (w: string, j: number) =>
    !(placeColumns.has(alias.column) && /^(?:in|at)$/.test(words[j - 1] ?? '')) &&
    (vocab.captionStems.has(stem(w)) || vocab.captionWords.some((cw) => wordMatch(w, cw) >= 0.85) || (vocab.commonWords.get(alias.column)?.has(w) ?? false));
  for (const alias of vocab.aliases) for (const link of matchAlias(tokens, alias, weakFor(alias))) links.push(link);
  links.sort((a, b) => b.strength * (b.end - b.start) - a.strength * (a.end - a.start) || b.end - b.start - (a.end - a.start));
  const chosen: Link[] = [];
  for (const link of links) {
    if (chosen.some((c) => c.start < link.end && link.start < c.end && !(c.start === link.start && c.end === link.end))) continue;
    let k = link.start;
    for (; k < link.end; k++) if (tokens[k].used) break;
    if (k < link.end) continue;
    chosen.push(link);
  }
  // A span naming values in several columns: a column named right before it decides ("China's Ministry of …"), then a place
  // column after "in"/"at"; otherwise any of the columns.
  const bySpan = new Map<string, Link[]>();
  for (const l of chosen) bySpan.set(`${l.start}:${l.end}`, [...(bySpan.get(`${l.start}:${l.end}`) ?? []), l]);
  const perColumn = new Map<SqlColumn, Link[]>();
  const anyOf: ColumnFilter[][] = [];
  for (const raw of bySpan.values()) {
    // One link per column for the span, with every value it names.
    const byColumn = new Map<SqlColumn, Link>();
    for (const l of raw) {
      const seen = byColumn.get(l.column);
      byColumn.set(l.column, seen ? { ...seen, values: [...new Set([...seen.values, ...l.values])], strength: Math.max(seen.strength, l.strength), whole: seen.whole || l.whole } : l);
    }
    const group = [...byColumn.values()];
    let pick = group;
    if (group.length > 1) {
      const named = group.filter((l) => mentionsColumn(l.column, Math.max(0, l.start - 1), l.start) >= 0);
      if (named.length) pick = named;
      const prep = words[group[0].start - 1];
      const place = pick.filter((l) => [...vocab.columnStems.get(l.column)!].some((s) => PLACE_WORDS.has(s)));
      if (pick.length > 1 && (prep === 'in' || prep === 'at') && place.length) pick = place;
      const whole = pick.filter((l) => l.whole);
      if (pick.length > 1 && whole.length) pick = whole;
      const strongest = Math.max(...pick.map((l) => l.strength));
      pick = pick.filter((l) => l.strength >= strongest - 0.05);
    }
    use(group[0].start, group[0].end);
    for (let i = group[0].start; i < group[0].end; i++) tokens[i].linked = true;
    for (let i = Math.max(0, group[0].start - 1); i < group[0].start; i++) if (pick.some((l) => vocab.columnStems.get(l.column)!.has(tokens[i].stem))) tokens[i].used = true;
    score += pick[0].strength * (pick[0].end - pick[0].start);
    if (pick.length === 1) perColumn.set(pick[0].column, [...(perColumn.get(pick[0].column) ?? []), pick[0]]);
    else anyOf.push(pick.map((l) => valueFilter(l.column, l.values)));
  }
  for (const [column, ls] of perColumn) {
    // Two values of one list column joined by "and" must both be there; otherwise any of them.
    if (column.type === 'list' && ls.length > 1 && words.slice(ls[0].end, ls[1].start).join(' ') === 'and') for (const l of ls) filters.push(valueFilter(column, l.values));
    else filters.push(valueFilter(column, [...new Set(ls.flatMap((l) => l.values))]));
  }

  filters.push(...phraseFilters);

  // 6. The key column's name names the rows ("how many months"); caption words and column names explain the rest;
  // specific caption words choose the table.
  let captionScore = 0;
  for (const t of tokens) {
    if (t.used) continue;
    if (vocab.rowNounStems.has(t.stem)) {
      t.used = true;
      t.linked = true;
      score += 1.5;
      continue;
    }
    const specificity = vocab.captionStems.get(t.stem) ?? (vocab.captionWords.some((w) => wordMatch(t.w, w) >= 0.85) ? 0 : undefined);
    if (specificity !== undefined) {
      captionScore += 0.5 + 2 * specificity;
      t.used = true;
    } else if (vocab.sharedLabelWords.has(t.w)) t.used = true;
    else if (columns.some((c) => vocab.columnStems.get(c)!.has(t.stem))) {
      t.used = true;
      score += 0.3;
    }
  }
  score += captionScore;
  const unexplained = tokens.filter((t) => !t.used && !isGrammar(t) && !STOP_WORDS.has(t.w) && !/^\d+$/.test(t.w) && monthNumber(t.w) === null).map((t) => t.w);
  const label = vocab.table.table.label ? wordsOf(vocab.table.table.label).join(' ') : null;
  const labelled = label !== null && ` ${text} `.includes(` ${label} `);
  if (labelled) score += 5;
  // A count or list must say what it counts in this table's words: a specific caption word or a cell phrase in the counted phrase.
  // "How often is …": no counted noun at all; the rows are counted when the question names values of them.
  const nounless = operation === 'count' && !counted && tokens.some((t) => t.linked);
  if ((operation === 'count' || operation === 'list') && !labelled && !nounless && !countedExplained(tokens, countedSpan, vocab)) {
    if (!listOrLookup) return null;
    operation = 'lookup';
    target = listOrLookup;
    orderFree = true;
    const named = mentionsColumn(target);
    if (named >= 0) tokens[named].used = true;
  }
  // An order-free lookup must name its row: by a keyed table's key, or by an exact date and a group ("In June 2019, … with X").
  const exactDate = filters.some((f) => 'column' in f && f.column === dateColumn?.name && f.op === 'eq' && /-/.test(String(f.value)));
  const grouped = filters.some((f) => 'column' in f && f.column === groupColumn?.name);
  if (orderFree && !filters.some((f) => 'column' in f && f.column === vocab.keyColumn?.name) && !(exactDate && grouped)) return null;
  // The thing counted named by this table's caption ("how many trainings") outweighs a cell phrase in another table,
  // when the reading explains the whole question.
  if (operation === 'count' && !unexplained.length) {
    const named = tokens.slice(countedSpan[0], countedSpan[1]).map((t) => vocab.captionStems.get(t.stem) ?? 0);
    score += 2 * Math.max(0, ...named);
  }

  const query: StructuredQuery = { table: vocab.table.table.id, operation, filters: [...filters, ...anyOf.map((any) => ({ any }))] };
  if (target) query.column = target.name;
  return { query, score: score - 3 * unexplained.length, unexplained };
}

/** Whether the counted phrase ("how many bilateral exercises") names this table's rows: a specific caption word, or a linked cell phrase. */
function countedExplained(tokens: Token[], [from, to]: [number, number], vocab: TableVocabulary): boolean {
  // "How many times / occasions did …": the events themselves are counted, named by a specific caption word anywhere.
  if (from < tokens.length && from === to && TIMES.has(tokens[from].w)) return tokens.some((t) => (vocab.captionStems.get(t.stem) ?? 0) > 0);
  for (let i = from; i < to; i++) {
    const specificity = vocab.captionStems.get(tokens[i].stem);
    if (specificity !== undefined && specificity > 0) return true;
    if (tokens[i].linked) return true;
  }
  return false;
}

function valueFilter(column: SqlColumn, values: string[]): ColumnFilter {
  return values.length === 1 ? { column: column.name, op: 'eq', value: values[0] } : { column: column.name, op: 'in', values: values.slice(0, 50) };
}

/**
 * Where an alias occurs in the question: as a whole (its words in order, each equal, same stem,
 * a demonym form or a typo of the data's word) or, for multi-word values, as a part of at least
 * two content words or one rare word.
 */
function matchAlias(tokens: Token[], alias: ValueAlias, weak: (word: string, at: number) => boolean): Link[] {
  const out: Link[] = [];
  const n = alias.tokens.length;
  for (let i = 0; i + n <= tokens.length; i++) {
    let strength = 0;
    let k = 0;
    for (; k < n; k++) {
      const s = wordMatch(tokens[i + k].w, alias.tokens[k]);
      if (!s) break;
      strength += s;
    }
    if (k === n) {
      const whole = strength / n;
      // One short common word alone is not a value ("all", "state"): whole single-word matches need length or rarity.
      if (n === 1 && (GRAMMAR.has(tokens[i].w) || STOP_WORDS.has(tokens[i].w))) continue;
      out.push({ start: i, end: i + n, column: alias.column, values: alias.values, strength: whole * alias.weight, whole: true });
    }
  }
  if (n >= 2) {
    // Part of a value: a run of question words that all occur among the value's words (any order).
    const content = alias.tokens.filter((t) => !STOP_WORDS.has(t) && !GRAMMAR.has(t));
    for (let i = 0; i < tokens.length; i++) {
      let j = i;
      let strength = 0;
      const used = new Set<number>();
      while (j < tokens.length) {
        const w = tokens[j].w;
        if ((STOP_WORDS.has(w) || GRAMMAR.has(w)) && j > i && j + 1 < tokens.length && w === 'of') {
          j++;
          continue;
        }
        const idx = alias.tokens.findIndex((t, x) => !used.has(x) && !STOP_WORDS.has(t) && wordMatch(w, t) > 0);
        if (idx < 0 || STOP_WORDS.has(w) || GRAMMAR.has(w) || weak(w, i)) break;
        used.add(idx);
        strength += wordMatch(w, alias.tokens[idx]);
        j++;
      }
      while (j > i && tokens[j - 1].w === 'of') j--;
      const len = used.size;
      if (len >= 2 || (len === 1 && content.length >= 2 && tokens[i].w.length >= 5)) {
        const complete = len === content.length;
        out.push({ start: i, end: j, column: alias.column, values: alias.values, strength: (strength / Math.max(1, j - i)) * (complete ? 0.95 : 0.6), whole: complete });
      }
    }
  }
  return out;
}
