import { Marked, type Token, type Tokens } from 'marked';
import { sectionAnchor } from '../../core/document-links.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
const SAFE_URL = /^(?:https?:|mailto:|#)/i;

/**
 * Markdown → HTML with marked, sanitised: raw HTML in the source is shown as
 * text, links keep only http(s), mailto and in-page targets, and images become
 * their alt text (the page loads nothing). Marked escapes all other text.
 */
const markdown = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    image: ({ text }: Tokens.Image) => (text ? `[${escapeHtml(text)}]` : ''),
    link(this: { parser: { parseInline(tokens: Token[]): string } }, { href, title, tokens }: Tokens.Link) {
      const label = this.parser.parseInline(tokens);
      if (!SAFE_URL.test(href.trim())) return label;
      return `<a href="${escapeHtml(href.trim())}"${title ? ` title="${escapeHtml(title)}"` : ''} rel="noopener noreferrer">${label}</a>`;
    },
  },
});

/** Where a section starts in the source text (the smallest span start of its chunks). */
export interface SectionStart {
  section: string;
  offset: number;
}

/**
 * Render a Markdown document as HTML, with an empty anchor (`id` =
 * `sectionAnchor(section)`) before the heading that opens each cited section,
 * so a source link `…#<anchor>` lands on it. The section's position comes from
 * its chunks' source spans, not from matching heading text.
 */
export function renderMarkdownBody(source: string, sections: SectionStart[]): string {
  const tokens = markdown.lexer(source);
  // Source offset of each top-level token (its raw text found in order; marked keeps raw verbatim up to line endings).
  const starts: number[] = [];
  let cursor = 0;
  for (const token of tokens) {
    const at = token.raw ? source.indexOf(token.raw, cursor) : -1;
    starts.push(at >= 0 ? at : cursor);
    if (at >= 0) cursor = at + token.raw.length;
  }
  const anchorsBefore = new Map<number, string[]>();
  for (const { section, offset } of sections) {
    let i = starts.length - 1;
    while (i > 0 && starts[i] > offset) i--;
    let target = i;
    while (target >= 0 && tokens[target].type !== 'heading') target--;
    if (target < 0) target = Math.max(i, 0);
    const list = anchorsBefore.get(target) ?? [];
    list.push(sectionAnchor(section));
    anchorsBefore.set(target, list);
  }
  return tokens
    .map((token, i) => {
      const anchors = (anchorsBefore.get(i) ?? []).map((id) => `<a class="anchor" id="${escapeHtml(id)}"></a>`).join('');
      const part = Object.assign([token], { links: tokens.links });
      return anchors + markdown.parser(part);
    })
    .join('');
}

/** Plain text as a page body (no markup at all). */
export function renderTextBody(source: string): string {
  return `<pre class="plain">${escapeHtml(source)}</pre>`;
}

/** A standalone page around a rendered body: readable in light and dark, the targeted section highlighted. */
export function documentPage({ title, body }: { title: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<style>
  :root { --fg: #1b1e24; --muted: #5d6472; --bg: #ffffff; --border: #e2e5ea; --mark: #fff3c4; color-scheme: light dark; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e8eaef; --muted: #9ba2af; --bg: #15171c; --border: #2b2f37; --mark: #3a3320; } }
  body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.6 system-ui, "DejaVu Sans", sans-serif; }
  main { max-width: 760px; margin: 0 auto; padding: 32px 20px 80px; overflow-wrap: break-word; }
  .doc-title { font-size: 13px; letter-spacing: .06em; text-transform: uppercase; color: var(--muted); margin: 0 0 24px; }
  h1, h2, h3, h4 { line-height: 1.25; }
  table { border-collapse: collapse; display: block; overflow-x: auto; font-size: 14px; }
  th, td { border: 1px solid var(--border); padding: 4px 8px; vertical-align: top; text-align: left; }
  pre { overflow-x: auto; white-space: pre-wrap; }
  .anchor { display: block; scroll-margin-top: 16px; }
  .anchor:target + * { background: var(--mark); box-shadow: 0 0 0 8px var(--mark); border-radius: 2px; }
</style>
</head>
<body>
<main>
<p class="doc-title">${escapeHtml(title)}</p>
${body}
</main>
</body>
</html>
`;
}
