import { focalCountries } from '../core/countries.js';
import type { LoadedIndex } from './load-index.js';

const anchorsByIndex = new WeakMap<LoadedIndex, ReadonlySet<string>>();

/**
 * The countries the loaded corpus is about above all (its subject, read from
 * its prose; see `focalCountries`), computed once per loaded index. Answering
 * rules that look for "the countries a question names" leave these out, the
 * way a question about one report's subject does not need to say it, and a
 * follow-up never swaps them out.
 */
export function corpusAnchors(index: LoadedIndex | null | undefined): ReadonlySet<string> {
  if (!index) return new Set();
  let anchors = anchorsByIndex.get(index);
  if (!anchors) {
    anchors = new Set(focalCountries(index.chunks.filter((c) => c.kind === 'prose').map((c) => c.text)));
    anchorsByIndex.set(index, anchors);
  }
  return anchors;
}
