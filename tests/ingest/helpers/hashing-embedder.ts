import { createHash } from 'node:crypto';
import { normalize, type Embedder } from '../../../src/embedders/embedder.js';

/**
 * A deterministic test double of the Embedder interface: each text's vector
 * comes from a hash of its words, so index builds in tests are fast and
 * repeatable. It records how many texts it was asked to embed.
 */
export function createHashingEmbedder(dimensions = 16): Embedder & { calls: number; texts: number } {
  const double = {
    id: `test-hashing-${dimensions}`,
    dimensions,
    calls: 0,
    texts: 0,
    async embed(texts: string[]): Promise<number[][]> {
      double.calls++;
      double.texts += texts.length;
      return texts.map((text) => {
        const v = new Array<number>(dimensions).fill(0);
        for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
          const h = createHash('sha1').update(word).digest();
          v[h[0] % dimensions] += h[1] > 127 ? 1 : -1;
        }
        v[0] += 0.01;
        return normalize(v);
      });
    },
  };
  return double;
}
