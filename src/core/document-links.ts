/**
 * How a citation points into its document: the document id in a chunk id, the
 * anchor of a section in a rendered Markdown page, and a readable name for a
 * source file. Shared by the widget (which builds the links) and the server's
 * `/documents/:id` route (which renders the anchors), so both agree.
 * Pure functions, no DOM and no Node APIs.
 */

/** The document id of a chunk id (`<document>#<kind>-<n>`). */
export function documentIdOf(chunkId: string): string {
  const hash = chunkId.indexOf('#');
  return hash < 0 ? chunkId : chunkId.slice(0, hash);
}

/** FNV-1a, 32 bit, as 7 base-36 digits: keeps anchors of non-Latin or very long section names distinct. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0');
}

/** The fragment id of a section (its path joined with " › ", as citations carry it) in a rendered document page. */
export function sectionAnchor(section: string): string {
  const slug = section
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `s-${slug ? `${slug}-` : ''}${shortHash(section)}`;
}

const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

/** An all-capitals heading in title case ("CHINA'S SECURITY IN ASIA" → "China's Security in Asia"); other text unchanged. */
export function titleCase(text: string): string {
  if (!/\p{Lu}/u.test(text) || text !== text.toUpperCase()) return text;
  return text
    .toLowerCase()
    .split(/(\s+)/)
    .map((word, i) => (i > 0 && SMALL_WORDS.has(word) ? word : word.replace(/\p{L}/u, (c) => c.toUpperCase())))
    .join('');
}

/** A readable name for a source file when no title is known: "annual-report_2021.md" → "Annual report 2021". */
export function humaniseSourceName(source: string): string {
  const base = source.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]{1,8}$/, '');
  const words = base.replace(/[-_.]+/g, ' ').replace(/\s+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : source;
}
