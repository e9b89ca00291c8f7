import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import type { CellLine } from '../tables/parse-tab-table.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/**
 * The rows of the first <table> in an HTML fragment, parsed by parse5 (the
 * WHATWG HTML parser): cell texts with whitespace collapsed, a row's span
 * from its <tr>, `base` the fragment's offset in the document. A caption
 * (<caption>) is returned beside the rows. Null when there is no table.
 */
export function htmlTableRows(html: string, base: number, lineOf: (offset: number) => number): { rows: CellLine[]; caption: string | null } | null {
  const fragment = parseFragment(html, { sourceCodeLocationInfo: true });
  const table = find(fragment.childNodes, (n) => n.nodeName === 'table');
  if (!table) return null;
  const rows: CellLine[] = [];
  let caption: string | null = null;
  walk(table, (node) => {
    if (node.nodeName === 'caption') caption = textOf(node).trim() || null;
    if (node.nodeName !== 'tr') return true;
    const cells: string[] = [];
    for (const child of (node as Element).childNodes) {
      if (child.nodeName !== 'td' && child.nodeName !== 'th') continue;
      const text = textOf(child).replace(/\s+/g, ' ').trim();
      const span = Number((child as Element).attrs.find((a) => a.name === 'colspan')?.value ?? 1);
      cells.push(text, ...Array.from({ length: Math.max(0, Math.min(span, 20) - 1) }, () => ''));
    }
    const loc = (node as Element).sourceCodeLocation;
    const start = base + (loc?.startOffset ?? 0);
    const end = base + (loc?.endOffset ?? html.length);
    rows.push({ cells, span: [start, end], line: lineOf(start) });
    return false;
  });
  return { rows, caption };
}

function find(nodes: Node[], test: (n: Node) => boolean): Element | null {
  for (const n of nodes) {
    if (test(n)) return n as Element;
    const inner = 'childNodes' in n ? find((n as Element).childNodes, test) : null;
    if (inner) return inner;
  }
  return null;
}

function walk(node: Node, visit: (n: Node) => boolean): void {
  if (!visit(node)) return;
  if ('childNodes' in node) for (const child of (node as Element).childNodes) walk(child, visit);
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  if (node.nodeName === 'br') return ' ';
  if ('childNodes' in node) return (node as Element).childNodes.map(textOf).join('');
  return '';
}
