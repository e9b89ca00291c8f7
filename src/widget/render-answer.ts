import type { Citation } from '../core/types.js';
import { el } from './dom.js';

const MARKER = /\[(\d{1,3})\]/g;

/** A readable label for where a citation points, e.g. "Findings › SCO · p. 12". */
export function citationLabel(citation: Citation): string {
  const page = citation.page === null ? '' : ` · p. ${citation.page}`;
  return `${citation.section || citation.source}${page}`;
}

/**
 * Turn answer text into nodes: plain text stays text, and each `[n]` marker
 * that matches a citation becomes a chip button. Markers without a citation
 * (e.g. while streaming, before the citations event) stay as literal text.
 */
export function renderAnswerText(
  text: string,
  citations: Citation[] | undefined,
  chip: (citation: Citation) => HTMLElement = (c) => el('span', { class: 'chip' }, String(c.n)),
): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const byN = new Map((citations ?? []).map((c) => [c.n, c]));
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
