import { MappedTextBuilder, type MappedText } from './mapped-text.js';

/**
 * Inline markdown tokens we remove or rewrite. Order matters: footnote
 * markers before other <sup>, links before bare escapes.
 */
const TOKEN =
  /<sup>\s*\d+\s*<\/sup>|\[\^[^\]\s]+\]|<sup>([^<]*)<\/sup>|<\/?(?:b|i|em|strong|br\s*\/?)>|\[([^\]\n]*)\]\(([^)\s]*)\)|<(https?:\/\/[^>\s]+)>|\\+([\\_$*#[\]()>`~.\-!+{}|])|\*+|\s+/g;

/**
 * Clean a raw markdown fragment for reading: drops footnote markers
 * (`<sup>12</sup>`, `[^12]`), emphasis (`**T**he`), HTML bold, markdown escapes, and
 * link syntax (URLs are kept plain); collapses whitespace. `base` is the
 * fragment's offset in the source, so the result maps back exactly.
 */
export function cleanMarkdown(raw: string, base: number): MappedText {
  const out = new MappedTextBuilder();
  let last = 0;
  let pendingSpace: number | null = null;
  const emit = (fn: () => void) => {
    if (pendingSpace !== null && out.length > 0) out.replace(' ', pendingSpace);
    pendingSpace = null;
    fn();
  };
  const copy = (from: number, to: number) => {
    if (to > from) emit(() => out.copy(raw.slice(from, to), base + from));
  };

  for (const match of raw.matchAll(TOKEN)) {
    const at = match.index ?? 0;
    copy(last, at);
    last = at + match[0].length;
    const [token, supText, linkLabel, linkUrl, autoUrl, escaped] = match;
    if (/^\s+$/.test(token)) {
      pendingSpace ??= base + at;
    } else if (supText !== undefined) {
      emit(() => out.copy(supText, base + at + '<sup>'.length));
    } else if (linkLabel !== undefined) {
      const label = linkLabel.replace(/\\+([_$*#[\]().\-])/g, '$1');
      const url = linkUrl.replace(/\\+([_$*#[\]().\-])/g, '$1');
      const shown = /\s/.test(label.trim()) ? `${label} (${url})` : label;
      emit(() => out.replace(shown, base + at + 1, linkLabel.length));
    } else if (autoUrl !== undefined) {
      emit(() => out.copy(autoUrl, base + at + 1));
    } else if (escaped !== undefined) {
      emit(() => out.replace(escaped, base + last - 1));
    }
    // emphasis asterisks and HTML tags are dropped
  }
  copy(last, raw.length);
  return out.build();
}
