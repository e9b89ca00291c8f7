import { describe, expect, it } from 'vitest';
import { humaniseSourceName, sectionAnchor, titleCase } from '../../src/core/document-links.js';
import { groupSources, rowsEntryLabel, tableLabel } from '../../src/core/source-groups.js';
import type { Citation } from '../../src/core/types.js';
import { toCsv, toTsv } from '../../src/core/table-export.js';

const row = (n: number, section: string, quote: string, page: number | null, doc = 'report'): Citation => ({ n, chunkId: `${doc}#table-row-${n}`, source: `${doc}.md`, section, page, kind: 'table-row', quote });
const prose = (n: number, section: string): Citation => ({ n, chunkId: `report#prose-${n}`, source: 'report.md', section, page: 3, kind: 'prose', quote: 'Some text.' });

describe('groupSources', () => {
  const APPENDIX = 'Appendix › Appendix 1. Security-related meetings from 1993 to 2020';
  const meeting = (n: number, date: string, page: number) => row(n, APPENDIX, `Appendix 1 — Security-related meetings from 1993 to 2020. Tajikistan–China. Tajikistan: President; Date: ${date}.`, page);

  it('makes the rows of one table one source, named by the table and the block its rows share, keeping each row', () => {
    const entries = groupSources([meeting(1, 'May 2019', 27), prose(2, 'Dialogue'), meeting(3, 'June 2019', 28)]);
    expect(entries.map((e) => e.type)).toEqual(['rows', 'single']);
    const rows = entries[0];
    if (rows.type !== 'rows') throw new Error('expected rows');
    expect(rows.citations.map((c) => c.n)).toEqual([1, 3]);
    expect(rowsEntryLabel(rows)).toBe('Appendix 1 · Tajikistan–China · pp. 27–28 · 2 rows');
    expect(rows.rowTexts).toEqual(['Tajikistan: President; Date: May 2019.', 'Tajikistan: President; Date: June 2019.']);
  });

  it('on a differently shaped table (no numbered caption, rows from several blocks, no pages) names no block and keeps row text whole', () => {
    const section = 'Water allocation › Allocations by basin state';
    const entries = groupSources([row(1, section, 'Upstream. State: A; Share: 40%.', null, 'brief'), row(2, section, 'Downstream. State: B; Share: 60%.', null, 'brief')]);
    const [rows] = entries;
    if (rows.type !== 'rows') throw new Error('expected rows');
    expect(rows.group).toBeNull();
    expect(rowsEntryLabel(rows)).toBe('Allocations by basin state · 2 rows');
    expect(rows.rowTexts).toEqual(['Upstream. State: A; Share: 40%.', 'Downstream. State: B; Share: 60%.']);
  });

  it('keeps a lone row, rows of other tables and rows of other documents apart', () => {
    const other = 'Appendix › Appendix 3. Joint exercises';
    const entries = groupSources([meeting(1, 'May 2019', 27), row(2, other, 'x', 30), meeting(3, 'June 2019', 28), row(4, APPENDIX, 'y', 5, 'second-report'), row(5, APPENDIX, 'z', 6, 'second-report')]);
    expect(entries.map((e) => (e.type === 'rows' ? `rows:${e.documentId}:${e.citations.length}` : `single:${e.citation.n}`))).toEqual(['rows:report:2', 'single:2', 'rows:second-report:2']);
  });

  it('labels a table by its numbered head, else by the section’s last part', () => {
    expect(tableLabel('Appendix › Appendix 6: Details of programs')).toBe('Appendix 6');
    expect(tableLabel('Annex › Table 2.1. Budget')).toBe('Table 2.1');
    expect(tableLabel('Results › Budget by year')).toBe('Budget by year');
  });
});

describe('document links', () => {
  it('gives every section a distinct, URL-safe anchor, non-Latin names included', () => {
    const names = ['Introduction', 'Introduction › Context', '上海合作组织', 'ЗАСЕДАНИЕ СОВЕТА', 'Appendix › Appendix 1. Meetings'];
    const anchors = names.map(sectionAnchor);
    expect(new Set(anchors).size).toBe(names.length);
    for (const a of anchors) expect(a).toMatch(/^s-[a-z0-9-]+$/);
    expect(sectionAnchor('Introduction')).toBe(sectionAnchor('Introduction'));
  });

  it('makes readable names and titles', () => {
    expect(humaniseSourceName('china-security-management_2022.md')).toBe('China security management 2022');
    expect(titleCase("CHINA'S SECURITY MANAGEMENT TOWARDS CENTRAL ASIA")).toBe("China's Security Management Towards Central Asia");
    expect(titleCase('Already Mixed Case')).toBe('Already Mixed Case');
  });
});

describe('table export', () => {
  const columns = ['Name', 'Note'];
  const rows = [['A, B', 'say "hi"'], ['C', 'two\nlines\tand a tab']];
  it('writes RFC 4180 CSV: quoted fields with commas, quotes or line breaks, CRLF rows', () => {
    expect(toCsv(columns, rows)).toBe('Name,Note\r\n"A, B","say ""hi"""\r\nC,"two\nlines\tand a tab"\r\n');
  });
  it('writes TSV with one line per row and no tabs inside cells', () => {
    expect(toTsv(columns, rows)).toBe('Name\tNote\nA, B\tsay "hi"\nC\ttwo lines and a tab\n');
  });
});
