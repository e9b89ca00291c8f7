const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'col', 'lt', 'st', 'no', 'vs', 'etc', 'e.g', 'i.e', 'u.s', 'u.n', 'jan', 'feb', 'aug', 'sept', 'oct', 'nov', 'dec', 'approx', 'fig']);

/**
 * Sentence boundaries of a text as [start, end) offsets, so a sentence can be
 * quoted verbatim from the text it came from. A blank line always ends a
 * sentence (a heading or a front-matter line has no full stop). Handles
 * abbreviations, initials and closing quotes; never returns empty or
 * whitespace-only spans.
 */
export function splitSentences(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const paragraph = /\n[ \t]*\n/g;
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = paragraph.exec(text))) {
    for (const [s, e] of splitParagraph(text.slice(from, m.index))) spans.push([from + s, from + e]);
    from = m.index + m[0].length;
  }
  for (const [s, e] of splitParagraph(text.slice(from))) spans.push([from + s, from + e]);
  return spans;
}

function splitParagraph(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const boundary = /[.!?]["”’)\]]*(?:<sup>\d+<\/sup>|\d{1,3}(?=\s+[A-Z“"]))?\s+(?=["“(\[]?[A-Z0-9\u4e00-\u9fff])/g;
  let start = 0;
  let match: RegExpExecArray | null;
  while ((match = boundary.exec(text))) {
    const before = text.slice(start, match.index + 1);
    const lastWord = /([\p{L}.]+)\.$/u.exec(before)?.[1]?.toLowerCase() ?? '';
    if (ABBREVIATIONS.has(lastWord) || /^\p{Lu}$/u.test(lastWord) || /^(\p{L}\.)+\p{L}$/u.test(lastWord)) continue;
    const end = match.index + match[0].trimEnd().length;
    push(text, spans, start, end);
    start = match.index + match[0].length;
  }
  push(text, spans, start, text.length);
  return spans;
}

function push(text: string, spans: Array<[number, number]>, start: number, end: number): void {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end > start) spans.push([start, end]);
}
