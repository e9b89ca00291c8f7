const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * "November 2020" → { year: 2020, month: 11 }; "2019" → { year: 2019 }.
 * Tolerates the report's misspellings ("Feburary", "Janurary") by matching
 * the first three letters of the month.
 */
export function parseDate(text: string): { year: number; month?: number } | undefined {
  const match = /(?:([A-Za-z]{3,})\.?\s+)?(\d{4})\b/.exec(text);
  if (!match) return undefined;
  const year = Number(match[2]);
  const monthIndex = match[1] ? MONTHS.indexOf(match[1].slice(0, 3).toLowerCase()) : -1;
  return monthIndex >= 0 ? { year, month: monthIndex + 1 } : { year };
}
