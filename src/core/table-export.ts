/**
 * A table answer as text others can paste or open: CSV (RFC 4180: fields with
 * a quote, comma or line break are quoted, quotes doubled, CRLF between rows)
 * and TSV (tabs and line breaks inside cells become spaces). Shared by the
 * widget (copy / download) and the Slack bot (the CSV file of a long table).
 */

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Header row plus every row, as CSV. */
export function toCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return [columns, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Header row plus every row, as tab-separated values (what spreadsheets paste into cells). */
export function toTsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return [columns, ...rows].map((row) => row.map((v) => v.replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\n') + '\n';
}

/** A file name for a table's CSV download, from its title. */
export function csvFileName(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `${slug || 'table'}.csv`;
}
