import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A data row read straight from the report's markdown, without the ingest parser or the table engine. */
export interface SourceRow {
  appendix: number;
  country: string | null;
  cells: string[];
}

const REPORT = fileURLToPath(new URL('../../ingest/corpus/china-security-management-central-asia.md', import.meta.url));
const COUNTRIES = ['KYRGYZSTAN', 'KAZAKHSTAN', 'UZBEKISTAN', 'TAJIKISTAN', 'TURKMENISTAN'];

/**
 * The tab-separated lines of Appendices 1–5, with the country block each sits
 * in. Country/column header lines and "No public information" lines are skipped.
 */
export function sourceRows(): SourceRow[] {
  const rows: SourceRow[] = [];
  let appendix = 0;
  let country: string | null = null;
  for (const line of readFileSync(REPORT, 'utf8').split('\n')) {
    const heading = /^#+\s+(.*)$/.exec(line);
    if (heading) {
      appendix = Number(/^APPENDIX (\d+)/.exec(heading[1])?.[1] ?? 0);
      country = null;
      continue;
    }
    if (!appendix || appendix === 6 || !line.includes('\t') || line.includes('No public information')) continue;
    const cells = line.replace(/<\/?b>/g, '').split('\t').map((c) => c.trim());
    const first = cells[0].toUpperCase();
    const block = COUNTRIES.find((c) => first === c || first === `${c}-CHINA`);
    if (block) {
      country = block[0] + block.slice(1).toLowerCase();
      continue;
    }
    if (first === 'DATE') continue;
    rows.push({ appendix, country, cells });
  }
  return rows;
}

/** "Feburary 2019" → [2019, 2]; "2016" → [2016, 0]. */
export function sourceDate(text: string): [number, number] {
  const m = /(?:([A-Za-z]+)\s+)?(\d{4})/.exec(text)!;
  const month = m[1] ? ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(m[1].slice(0, 3).toLowerCase()) + 1 : 0;
  return [Number(m[2]), month];
}
