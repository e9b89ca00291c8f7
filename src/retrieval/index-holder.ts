import { NotReadyError } from '../core/errors.js';
import type { LoadedIndex } from './load-index.js';

/**
 * Holds the live index. Swapping replaces the reference in one assignment, so
 * a request sees either the old index or the new one, never a mix.
 */
export interface IndexHolder {
  readonly current: LoadedIndex | null;
  /** The live index; throws NotReadyError (503) while none is loaded. */
  get(): LoadedIndex;
  swap(index: LoadedIndex): void;
}

export function createIndexHolder(initial: LoadedIndex | null = null): IndexHolder {
  let current = initial;
  return {
    get current() {
      return current;
    },
    get() {
      if (!current) throw new NotReadyError('The index is still loading; try again in a few seconds.');
      return current;
    },
    swap(index) {
      current = index;
    },
  };
}
