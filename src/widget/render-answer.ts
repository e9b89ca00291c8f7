import { Lexer, type Token, type Tokens } from 'marked';
import type { Citation } from '../core/types.js';
import { el } from './dom.js';

const MARKER = /\[(\d{1,4})\]/g;

/** A readable label for where a citation points, e.g. "Findings › SCO · p. 12". */
export function citationLabel(citation: Citation): string {
  const page = citation.page === null ? '' : ` · p. ${citation.page}`;
  return `${citation.section || citation.source}${page}`;
}

type Chip = (citation: Citation) => HTMLElement;

/** Text with its `[n]` markers as chips; markers without a citation (still streaming) stay literal. */
function textWithChips(text: string, byN: Map<number, Citation>, chip: Chip): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    const citation = byN.get(Number(match[1]));
    if (!citation) continue;
    const at = match.index ?? 0;
    if (at > last) fragment.appendChild(document.createTextNode(text.slice(last, at)));
    fragment.appendChild(chip(citation));
    last = at + match[0].length;
  }
  if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
  return fragment;
}

const SAFE_LINK = /^https?:\/\//i;

/**
 * Turn answer text into DOM. The text is parsed as Markdown with marked's
 * lexer, and its tokens become elements made here (paragraphs, lists, bold,
 * italics, code, links to http(s) only), so nothing from the server is ever
 * parsed as HTML: raw HTML in an answer is a token whose text is shown as
 * text. Each `[n]` marker that matches a citation becomes a chip.
 */
export function renderAnswerText(text: string, citations: Citation[] | undefined, chip: Chip = (c) => el('span', { class: 'chip' }, String(c.n))): DocumentFragment {
  const byN = new Map((citations ?? []).map((c) => [c.n, c]));
  const fragment = document.createDocumentFragment();
  let tokens: Token[];
  try {
    tokens = Lexer.lex(text, { gfm: true, breaks: true });
  } catch {
    fragment.appendChild(textWithChips(text, byN, chip));
    return fragment;
  }

  const inline = (list: Token[] | undefined, fallback: string): Node => {
    if (!list?.length) return textWithChips(fallback, byN, chip);
    const out = document.createDocumentFragment();
    for (const t of list) out.appendChild(inlineToken(t));
    return out;
  };

  const inlineToken = (t: Token): Node => {
    switch (t.type) {
      case 'strong':
        return el('strong', {}, inline((t as Tokens.Strong).tokens, t.text));
      case 'em':
        return el('em', {}, inline((t as Tokens.Em).tokens, t.text));
      case 'del':
        return el('del', {}, inline((t as Tokens.Del).tokens, t.text));
      case 'codespan':
        return el('code', {}, (t as Tokens.Codespan).text);
      case 'br':
        return el('br');
      case 'link': {
        const link = t as Tokens.Link;
        const label = inline(link.tokens, link.text);
        return SAFE_LINK.test(link.href) ? el('a', { href: link.href, target: '_blank', rel: 'noopener noreferrer' }, label) : label;
      }
      case 'text':
        return 'tokens' in t && t.tokens?.length ? inline(t.tokens as Token[], t.text) : textWithChips((t as Tokens.Text).text, byN, chip);
      case 'escape':
        return document.createTextNode((t as Tokens.Escape).text);
      default:
        // html, image and anything unknown: the source text, as text.
        return textWithChips(t.raw, byN, chip);
    }
  };

  const block = (t: Token): Node | null => {
    switch (t.type) {
      case 'space':
        return null;
      case 'paragraph':
        return el('p', {}, inline((t as Tokens.Paragraph).tokens, t.text));
      case 'heading':
        return el('p', { class: 'md-heading' }, el('strong', {}, inline((t as Tokens.Heading).tokens, t.text)));
      case 'list': {
        const list = t as Tokens.List;
        const items = list.items.map((item) => el('li', {}, ...item.tokens.map((c) => (c.type === 'text' ? inlineToken(c) : block(c)))));
        return list.ordered ? el('ol', { start: typeof list.start === 'number' && list.start !== 1 ? String(list.start) : undefined }, ...items) : el('ul', {}, ...items);
      }
      case 'code':
        return el('pre', {}, el('code', {}, (t as Tokens.Code).text));
      case 'blockquote':
        return el('blockquote', {}, ...(t as Tokens.Blockquote).tokens.map(block));
      case 'hr':
        return el('hr');
      case 'text':
        return el('p', {}, inlineToken(t));
      default:
        // html blocks, tables written in Markdown and anything unknown: shown as their source text.
        return el('p', {}, textWithChips(t.raw.trim(), byN, chip));
    }
  };

  for (const t of tokens) {
    const node = block(t);
    if (node) fragment.appendChild(node);
  }
  return fragment;
}
