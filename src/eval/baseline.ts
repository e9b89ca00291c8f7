import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { splitSentences } from '../core/sentences.js';
import { dot, type Embedder } from '../embedders/embedder.js';
import type { EvalTarget, TargetAnswer } from './target.js';

/** LangChain's Embeddings interface around one of our embedders, so both systems embed identically. */
export class EmbedderEmbeddings extends Embeddings {
  constructor(private readonly embedder: Embedder) {
    super({});
  }
  embedDocuments(documents: string[]): Promise<number[][]> {
    return this.embedder.embed(documents);
  }
  async embedQuery(document: string): Promise<number[]> {
    const [v] = await this.embedder.embed([document]);
    return v;
  }
}

export interface BaselineSettings {
  embedder: Embedder;
  /** Files whose raw text is split (default: the bundled report's Markdown). */
  paths?: string[];
  chunkSize?: number;
  chunkOverlap?: number;
  /** Chunks retrieved per question. */
  k?: number;
  id?: string;
}

/** The baseline target plus what it indexed (for reports and the benchmark). */
export interface BaselineTarget extends EvalTarget {
  readonly chunkCount: number;
}

/**
 * The "afternoon" LangChain.js recipe every improvement is measured against:
 * RecursiveCharacterTextSplitter (1,000/200) over the raw text → the same
 * embedder → HNSWLib top-4 → the retrieved sentence most similar to the
 * question, cited to its chunk. It never abstains and ignores history.
 */
export async function createBaseline(settings: BaselineSettings): Promise<BaselineTarget> {
  const files = settings.paths ?? ['ingest/corpus/china-security-management-central-asia.md'];
  const k = settings.k ?? 4;
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: settings.chunkSize ?? 1000, chunkOverlap: settings.chunkOverlap ?? 200 });
  const docs: Document[] = [];
  for (const file of files) {
    const source = path.basename(file);
    const text = await readFile(file, 'utf8');
    const parts = await splitter.splitDocuments([new Document({ pageContent: text, metadata: { source } })]);
    for (const p of parts) docs.push(new Document({ pageContent: p.pageContent, metadata: { ...p.metadata, chunkId: `baseline:${source}#${docs.length}` } }));
  }
  const embeddings = new EmbedderEmbeddings(settings.embedder);
  const store = await HNSWLib.fromDocuments(docs, embeddings);
  const sentenceVectors = new Map<string, number[]>();
  const vectorsOf = async (sentences: string[]) => {
    const missing = [...new Set(sentences.filter((s) => !sentenceVectors.has(s)))];
    if (missing.length) {
      const vs = await settings.embedder.embed(missing);
      missing.forEach((s, i) => sentenceVectors.set(s, vs[i]));
    }
    return sentences.map((s) => sentenceVectors.get(s)!);
  };
  const chunkSize = settings.chunkSize ?? 1000;
  const chunkOverlap = settings.chunkOverlap ?? 200;
  return {
    id: settings.id ?? 'langchain',
    description:
      `LangChain.js recipe: RecursiveCharacterTextSplitter (${chunkSize}/${chunkOverlap}) over the raw text → ${docs.length} chunks → ` +
      `the same embedder (${settings.embedder.id}) → HNSWLib top-${k} → the retrieved sentence most similar to the question, cited to its chunk. ` +
      `Never abstains; ignores conversation history.`,
    chunkCount: docs.length,
    async ask({ question }, options): Promise<TargetAnswer> {
      options?.signal?.throwIfAborted();
      const queryVector = await embeddings.embedQuery(question);
      const hits = await store.similaritySearchVectorWithScore(queryVector, k);
      const candidates = hits.flatMap(([doc]) => splitSentences(doc.pageContent).map(([s, e]) => ({ doc, sentence: doc.pageContent.slice(s, e) })));
      const vectors = await vectorsOf(candidates.map((c) => c.sentence));
      let best = 0;
      vectors.forEach((v, i) => {
        if (dot(v, queryVector) > dot(vectors[best], queryVector)) best = i;
      });
      const pick = candidates[best];
      // HNSWLib returns cosine distances; reports show similarity.
      const retrieved = hits.map(([doc, distance]) => ({ chunkId: String(doc.metadata.chunkId), text: doc.pageContent, score: 1 - distance }));
      if (!pick) return { answer: '', abstained: false, citations: [], retrieved, mode: 'extractive' };
      return {
        confidence: dot(vectors[best], queryVector),
        answer: `${pick.sentence} [1]`,
        abstained: false,
        citations: [{ n: 1, chunkId: String(pick.doc.metadata.chunkId), quote: pick.sentence, section: '', page: null, kind: 'prose' }],
        retrieved,
        mode: 'extractive',
      };
    },
  };
}
