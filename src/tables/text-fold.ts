/**
 * One way to compare cell text with question text: lowercase, accents and curly quotes
 * removed, dashes and punctuation as spaces. Stored in SQL beside each cell and applied to
 * every filter value, so equality and containment agree with what the parser matched.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .replace(/<\/?[a-z]+>/gi, ' ')
    .toLowerCase()
    .replace(/'s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
