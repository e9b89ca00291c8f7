import type { TableRow } from '../../src/core/types.js';

/**
 * The text a table row is retrieved and quoted by. It must read on its own:
 * appendix number and title, the country block, then every non-empty cell
 * labelled with its header, values verbatim.
 * e.g. "Appendix 3 — Bilateral joint ... 2020. Tajikistan–China. Tajikistan: Armed Forces; ...; Location: Badakhshan; ..."
 */
export function formatTableRow(row: TableRow, label?: string): string {
  const parts = [`Appendix ${row.appendix} — ${row.title}.`];
  if (row.country) parts.push(`${row.country}–China.`);
  if (label) parts.push(`${label}.`);
  const fields = row.columns
    .map((column, i) => (row.cells[i] ? `${column}: ${row.cells[i]}` : null))
    .filter((field): field is string => field !== null)
    .join('; ');
  parts.push(/[.!?]["”’)]*$/.test(fields) ? fields : `${fields}.`);
  return parts.join(' ');
}

/** Text for a country block that has no rows ("No public information available"). */
export function formatNoInformation(appendix: number, title: string, country: string | null): string {
  const who = country ? `${country}–China: ` : '';
  return `Appendix ${appendix} — ${title}. ${who}No public information available.`;
}
