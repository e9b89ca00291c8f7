/**
 * English month names: the one shared list, used by ingest to read dates in
 * table cells and by anything that reads dates in questions.
 */
export const MONTH_NAMES = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
] as const;

/**
 * The 1-based month a word names, tolerating abbreviations ("Aug.", "Sept")
 * and misspellings within two edits ("Feburary", "Janurary"); null otherwise.
 */
export function monthNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3 || !/^[a-z]+$/.test(w)) return null;
  const exact = MONTH_NAMES.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w)));
  if (exact >= 0) return exact + 1;
  if (w.length < 5) return null;
  let best: { month: number; distance: number } | null = null;
  MONTH_NAMES.forEach((m, i) => {
    const distance = editDistance(w, m);
    if (distance <= (m.length >= 6 ? 2 : 1) && (!best || distance < best.distance) && w[0] === m[0]) best = { month: i + 1, distance };
  });
  return best ? (best as { month: number }).month : null;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
