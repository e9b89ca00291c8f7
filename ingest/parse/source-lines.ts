/** One line of the source with its position. */
export interface SourceLine {
  /** Line text without the line break. */
  text: string;
  start: number;
  end: number;
  /** 1-based line number. */
  number: number;
}

/** Split text into lines, keeping offsets (handles \n and \r\n). */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  let number = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
    lines.push({ text: text.slice(start, lineEnd), start, end: lineEnd, number });
    if (end >= text.length) break;
    start = end + 1;
    number++;
  }
  return lines;
}

export function isBlank(line: SourceLine): boolean {
  return line.text.trim() === '';
}
