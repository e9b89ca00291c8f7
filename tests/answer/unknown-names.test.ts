import { describe, expect, it } from 'vitest';
import { unknownNames } from '../../src/answer/unknown-names.js';
import { buildLexicalIndex } from '../../src/retrieval/lexical-index.js';

const lexical = buildLexicalIndex(['China and Tajikistan held an exercise in Badakhshan.', 'The SCO met in Dushanbe.']);

describe('unknownNames', () => {
  it('finds capitalised names the corpus never uses', () => {
    expect(unknownNames('Which company built the Rogun dam in Tajikistan?', lexical)).toEqual(['Rogun']);
    expect(unknownNames('Who won the FIFA World Cup?', lexical)).toEqual(['FIFA', 'World', 'Cup']);
  });

  it('ignores names the corpus has, the first word, and lowercase words', () => {
    expect(unknownNames('Where did China and Tajikistan meet in Dushanbe?', lexical)).toEqual([]);
    expect(unknownNames('Whatever happened in the mountains?', lexical)).toEqual([]);
  });
});
