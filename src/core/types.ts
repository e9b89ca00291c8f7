/**
 * Core data types shared by every stage of the pipeline
 * (ingest → index → retrieve → answer → serve). Data carries its provenance:
 * a citation is built from a chunk's fields, never re-derived from text.
 */

export type { CellValue, ColumnType, DocumentTable, DocumentTableRow, MoneyAmount, TableColumn } from './tables.js';

/**
 * What a chunk is, so captions and footnotes never crowd out the body text. `front-matter`: the
 * document card ingest writes (title, author, publisher, date, table captions), quoted by answers
 * about the document itself.
 */
export type ChunkKind = 'prose' | 'table-row' | 'footnote' | 'caption' | 'front-matter';

/** A parsed table row as the current table router reads it (the typed form is DocumentTable in the index's tables.json). */
export interface TableRow {
  /** Number of the table's caption label ("Appendix 3" → 3), else the table's 1-based order in its document. */
  appendix: number;
  /** Caption title without its label, e.g. "Joint exercises between the basin states from 2002 to 2020". */
  title: string;
  /** First part of the row's block label ("North–South" → "North"), or null when the table has no labelled blocks. */
  country: string | null;
  /** Column headers of the row's block, in order. */
  columns: string[];
  /** Cell values in the same order as `columns` (empty string when blank). */
  cells: string[];
  /** Parsed date where the row has one. */
  date?: { year: number; month?: number };
  /** 1-based line of the row in the source file. */
  line: number;
}

/** A retrievable unit of text, with everything needed to cite it. */
export interface Chunk {
  /** Stable id: `${document}#${kind}-${ordinal}`. */
  id: string;
  /** Document id (file name without extension). */
  document: string;
  /** Source file name, e.g. "china-security-management-central-asia.md". */
  source: string;
  /** Section path from the document's headings, outermost first. */
  section: string[];
  /** 1-based page number, when the source has pages (PDF or a PDF twin). */
  page: number | null;
  /** Character span [start, end) in the source text. */
  span: [number, number];
  kind: ChunkKind;
  /** The chunk's text; citation quotes are verbatim substrings of it. */
  text: string;
  /** For table-row chunks, the parsed row. */
  row?: TableRow;
  /** For chunks made from a table (its rows and notes): the id of its DocumentTable in the index's tables. */
  tableId?: string;
  /** Ids of the footnote chunks this chunk's text cites (`[^3]`, `<sup>3</sup>` markers), in order. */
  footnotes?: string[];
  /** For footnote chunks: ids of the chunks whose text cites this footnote. */
  citedBy?: string[];
  /** The document's title from its metadata, when known (citations show it). */
  documentTitle?: string;
}

/** Where a document's metadata field was read. */
export interface MetadataSource {
  from: 'front-matter' | 'opening-lines' | 'pdf-info' | 'heading';
  /** 1-based line in the source file (null for the PDF info dictionary). */
  line: number | null;
}

/** A document's title, author, publisher and date, each with where it was read, and the chunk that states them. */
export interface DocumentMetadata {
  title: string | null;
  author: string | null;
  publisher: string | null;
  /** As printed ("April 2022", "2024-03-15"). */
  date: string | null;
  sources: Partial<Record<'title' | 'author' | 'publisher' | 'date', MetadataSource>>;
  /** A chunk whose text states the metadata (front matter), when there is one. */
  chunkId: string | null;
}

/** A citation: points at a chunk and quotes it verbatim. */
export interface Citation {
  /** The marker number used in the answer text, `[n]`. */
  n: number;
  chunkId: string;
  source: string;
  /** Section path joined with " › ". */
  section: string;
  page: number | null;
  kind: ChunkKind;
  /** Verbatim substring of the chunk's text. */
  quote: string;
  /** The cited document's title, when its metadata gives one (`source` stays the file name). */
  title?: string;
}

/** One earlier turn of a conversation, in the HTTP API's shape. */
export interface HistoryTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** How an answer was produced; `smalltalk`: a friendly reply to "hi" / "thanks" / "what can you do?", with no citations. */
export type AnswerMode = 'extractive' | 'llm' | 'table' | 'smalltalk';

/** A retrieved chunk and its fused score. */
export interface RetrievedChunk {
  chunk: Chunk;
  /** Position of the chunk in the loaded index (keys its vectors and sentences). */
  ordinal: number;
  score: number;
  /** 1-based ranks in the component retrievers (absent when not retrieved by one). */
  vectorRank?: number;
  lexicalRank?: number;
  /** Cosine similarity between the query and the chunk (when known). */
  similarity?: number;
}

/** The result of answering one question. */
export interface Answer {
  answer: string;
  abstained: boolean;
  citations: Citation[];
  mode: AnswerMode;
  /** Set when an LLM was configured but the answer fell back to the extractive path. */
  degraded?: boolean;
  /** Set in LLM mode: false when some claims could not be checked against the cited chunks. */
  verified?: boolean;
  /** The question as understood (after follow-up rewriting). */
  standaloneQuestion?: string;
  /** Structured table result, for table-mode answers. */
  table?: AnswerTable;
}

/**
 * The rows a table answer rests on, with the query that found them. `appendix`, `title`,
 * `columns` and `rows` keep their original meaning (the table's number from its label, else its
 * position; caption; headers; cells as printed); the rest is optional.
 */
export interface AnswerTable {
  appendix: number;
  title: string;
  columns: string[];
  rows: string[][];
  /** The document table's id. */
  id?: string;
  /** The structured query that was run (see src/tables/structured-query.ts). */
  query?: Record<string, unknown>;
  /** The parameterised SQL run, and its parameters. */
  sql?: string;
  params?: unknown[];
  /** Chunk id of each row in `rows`. */
  chunkIds?: string[];
}

/** Build a citation from a chunk and a verbatim quote of it. */
export function citationFor(n: number, chunk: Chunk, quote: string): Citation {
  return {
    n,
    chunkId: chunk.id,
    source: chunk.source,
    section: chunk.section.join(' › '),
    page: chunk.page,
    kind: chunk.kind,
    quote,
    ...(chunk.documentTitle ? { title: chunk.documentTitle } : {}),
  };
}

/**
 * Body of `POST /api/feedback`: a reader's rating of one answer, shared by the
 * server route and the widget that sends it. With the `answerId` the server
 * issued (in the /api/ask response or the /api/chat `done` event), the server
 * stores its own record of the question, answer and citations and ignores
 * those fields of the body; without one, `question` and `answer` are required
 * and stored as sent.
 */
export interface FeedbackBody {
  answerId?: string;
  rating: 'helpful' | 'not_helpful';
  comment?: string;
  conversationId?: string;
  question?: string;
  answer?: string;
  mode?: AnswerMode;
  abstained?: boolean;
  citations?: Array<{ n: number; chunkId: string; section?: string; page?: number | null; quote?: string }>;
}
