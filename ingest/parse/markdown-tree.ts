import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

/**
 * The CommonMark + GFM syntax tree of a Markdown text (remark: tables,
 * footnotes, strikethrough, autolinks, YAML front matter). Every node carries
 * exact source offsets, which is what lets chunks cite exact spans.
 */
export function markdownTree(source: string): Root {
  return processor.runSync(processor.parse(source)) as Root;
}
