/**
 * Cleaned text that remembers where each character came from, so text can be
 * tidied (markup removed, lines joined) and still be cited by exact source span.
 */
export interface MappedText {
  text: string;
  /** Source offset of each character of `text` (same length as `text`). */
  offsets: number[];
}

/** Builds a MappedText piece by piece. */
export class MappedTextBuilder {
  private text = '';
  private readonly offsets: number[] = [];

  /** Append source characters verbatim; `at` is the source offset of the first. */
  copy(chars: string, at: number): this {
    for (let i = 0; i < chars.length; i++) this.offsets.push(at + i);
    this.text += chars;
    return this;
  }

  /** Append replacement text whose characters all stand for the source range starting at `at`. */
  replace(chars: string, at: number, sourceLength = 1): this {
    for (let i = 0; i < chars.length; i++) this.offsets.push(at + Math.min(i, Math.max(0, sourceLength - 1)));
    this.text += chars;
    return this;
  }

  append(part: MappedText): this {
    this.text += part.text;
    this.offsets.push(...part.offsets);
    return this;
  }

  get length(): number {
    return this.text.length;
  }

  build(): MappedText {
    return { text: this.text, offsets: [...this.offsets] };
  }
}

/** Join parts with a separator; the separator maps to the end of the part before it. */
export function joinMapped(parts: MappedText[], separator: string): MappedText {
  const builder = new MappedTextBuilder();
  parts.forEach((part, i) => {
    if (i > 0 && builder.length > 0) {
      const prev = parts[i - 1];
      builder.replace(separator, prev.offsets[prev.offsets.length - 1] ?? part.offsets[0] ?? 0);
    }
    builder.append(part);
  });
  return builder.build();
}
