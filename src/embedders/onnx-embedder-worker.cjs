// Child-process body for `onnx-embedder.ts` (protocol: see `WorkerPoolSpec` in worker-pool-embedder.ts).
// Checks the model files' SHA-256 against the pinned sums, then loads a local sentence-transformers
// ONNX folder with @huggingface/transformers, remote downloads off. onnxruntime-node loads and runs a
// session on the calling thread, which is why this runs off the server's event loop, and its binding
// loads only once per process, which is why this is a child process rather than a worker thread.
// Plain CommonJS for the reason given in use-embedder-worker.cjs.
'use strict';
const { createHash } = require('node:crypto');
const { createReadStream, readdirSync, existsSync } = require('node:fs');
const path = require('node:path');

// Settings arrive in the first message; the process ends when the parent goes away.
let modelDir, sha256, threads;
const send = (msg) => process.connected && process.send(msg);
process.on('disconnect', () => process.exit(0));

// transformers.js names a folder's ONNX files by precision; take the first one present.
const DTYPES = [['model.onnx', 'fp32'], ['model_q4.onnx', 'q4'], ['model_quantized.onnx', 'q8'], ['model_int8.onnx', 'int8'],
  ['model_uint8.onnx', 'uint8'], ['model_fp16.onnx', 'fp16'], ['model_q4f16.onnx', 'q4f16'], ['model_bnb4.onnx', 'bnb4']];

function detectDtype() {
  let files = [];
  try {
    files = readdirSync(path.join(modelDir, 'onnx'));
  } catch {}
  const found = DTYPES.find(([name]) => files.includes(name));
  if (!found || !existsSync(path.join(modelDir, 'tokenizer.json'))) {
    throw new Error(`${modelDir} is not a sentence-transformers ONNX folder (needs tokenizer.json and onnx/model*.onnx)`);
  }
  return found[1];
}

function hashFile(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

async function load() {
  const dtype = detectDtype();
  for (const [file, expected] of Object.entries(sha256 || {})) {
    const full = path.join(modelDir, file);
    let actual;
    try {
      actual = await hashFile(full);
    } catch (err) {
      throw new Error(`model file ${full} is missing or unreadable (${err.message}); reinstall the package (npm ci) or fix EMBEDDING_MODEL_DIR`);
    }
    if (actual !== expected) {
      throw new Error(`model file ${full} has SHA-256 ${actual}, expected ${expected}: the files were changed or corrupted; reinstall the pinned package version (npm ci)`);
    }
  }
  const { env, pipeline } = require('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = path.dirname(modelDir);
  return pipeline('feature-extraction', path.basename(modelDir), {
    dtype,
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
}

function start() {
  return load().then(
  (extract) => {
    process.on('message', async ({ id, texts }) => {
      if (id === undefined) return;
      try {
        const tensor = await extract(texts, { pooling: 'mean', normalize: true });
        const dims = tensor.dims[tensor.dims.length - 1];
        const flat = Float32Array.from(tensor.data);
        send({ id, dims, flat });
      } catch (err) {
        send({ id, error: String((err && err.message) || err) });
      }
    });
    send({ ready: true });
  },
  (err) => send({ fatal: String((err && err.message) || err) }),
  );
}

process.once('message', ({ init }) => {
  ({ modelDir, sha256, threads } = init);
  start();
});
