import { documentRoles } from '../answer/document-roles.js';
import type { LoadedIndex } from '../retrieval/load-index.js';

/** What the demo page says about the corpus being served: all read from the index, nothing about any one report. */
export interface DemoContent {
  title: string;
  byline: string;
  summary: string[];
  examples: string[];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The demo page's title, byline, summary and example questions, from the
 * loaded index: the first document's metadata, the first sentences of its
 * first body section, and questions any report can answer (what it is about,
 * who wrote it, what a later section says). `examples` from config
 * (DEMO_EXAMPLES) replace the generated ones.
 */
export function demoContent(index: LoadedIndex | null, configured: readonly string[] = []): DemoContent {
  const doc = index?.manifest.documents[0];
  const meta = doc?.metadata;
  const title = meta?.title ?? doc?.title ?? 'Dossier';
  const byline = [meta?.author, meta?.publisher, meta?.date].filter((x): x is string => Boolean(x)).join(' · ');
  const roles = index ? documentRoles(index)[0] : undefined;
  const summary = (roles?.body[0]?.sentences ?? []).slice(0, 2).map((s) => s.text);
  const sections = (roles?.body ?? []).map((b) => b.section.split(' › ')[0]).filter((s, i, all) => all.indexOf(s) === i);
  // A section from the middle of the body: past the summary and the introduction, before the conclusion.
  const later = sections[Math.floor(sections.length / 2)];
  const generated = ['What is this report about?', 'Who wrote this report?', ...(later ? [`What does the report say about ${later.toLowerCase()}?`] : [])];
  return { title, byline, summary, examples: configured.length ? [...configured] : generated };
}

/** The demo page template filled in; every value is HTML-escaped. */
export function renderDemoPage(template: string, content: DemoContent, documentCount: number): string {
  const values: Record<string, string> = {
    title: escapeHtml(content.title),
    byline: escapeHtml(content.byline),
    summary: content.summary.map((s) => `<p>${escapeHtml(s)}</p>`).join('\n    '),
    corpus: documentCount > 1 ? `these ${documentCount} documents` : 'this document',
    examples: content.examples.map((q) => `<li>${escapeHtml(q)}</li>`).join('\n        '),
    examplesAttr: escapeHtml(content.examples.map((q) => q.replace(/\|/g, '/')).join('|')),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => values[key] ?? '');
}
