// How a large read is cut into work for two threads: each file into parts of about PART_CHARS, a part being
// the documents that start in its share of the file's text. Parts rather than whole files keep both threads
// busy to the end (a file of a few megabytes claimed last would leave one thread waiting for the other).
// Both threads split a file into documents the same way, so they agree on what a part holds without
// sending lists of documents to each other.
import { blockYamlAsJson, type DocumentJson } from '../../documents/fast-yaml.js';
import { splitDocuments, type DocumentChunk } from '../../documents/split.js';

/** About this much text per part: a few milliseconds of work, so a part left over at the end costs little. */
const PART_CHARS = 128 * 1024;

/** Per document of a file: its JSON text, null outside the fast reader's subset, undefined when not written. */
export type WrittenDocument = DocumentJson | undefined;

/** Which file and part each claim number stands for: every part of the first file, then of the next. */
export interface PartTable {
  readonly file: Int32Array;
  readonly part: Int32Array;
  /** Parts per file. */
  readonly parts: Int32Array;
}

export function partTable(texts: readonly string[]): PartTable {
  const parts = Int32Array.from(texts, (text) => Math.max(1, Math.ceil(text.length / PART_CHARS)));
  const total = parts.reduce((sum, n) => sum + n, 0);
  const file = new Int32Array(total);
  const part = new Int32Array(total);
  let claim = 0;
  parts.forEach((count, index) => {
    for (let p = 0; p < count; p++, claim++) {
      file[claim] = index;
      part[claim] = p;
    }
  });
  return { file, part, parts };
}

/** The part a document starting at `start` belongs to. */
function partOf(start: number, length: number, parts: number): number {
  return Math.min(parts - 1, Math.floor((start * parts) / Math.max(1, length)));
}

/** A file's documents, and where each part's documents begin among them (part p: first[p] to first[p + 1]). */
export interface SplitFile {
  readonly chunks: readonly DocumentChunk[];
  readonly first: Int32Array;
}

/** Each file split once per thread, kept while the thread works on that file's parts. */
export class FileDocuments {
  private index = -1;
  private split: SplitFile = { chunks: [], first: new Int32Array(1) };
  private readonly texts: readonly string[];
  private readonly table: PartTable;

  constructor(texts: readonly string[], table: PartTable) {
    this.texts = texts;
    this.table = table;
  }

  of(index: number): SplitFile {
    if (index !== this.index) {
      const text = this.texts[index]!;
      const parts = this.table.parts[index]!;
      const chunks = splitDocuments(text);
      // Documents are in text order, so each part's are a run: one pass finds where every run begins.
      const first = new Int32Array(parts + 1).fill(chunks.length);
      for (let i = chunks.length - 1; i >= 0; i--) first[partOf(chunks[i]!.start, text.length, parts)] = i;
      for (let p = parts - 1; p >= 0; p--) first[p] = Math.min(first[p]!, first[p + 1]!);
      this.split = { chunks, first };
      this.index = index;
    }
    return this.split;
  }
}

/**
 * The JSON text of every document of one part, in order. A document whose writing fails is left undefined:
 * the main thread parses it again and reports what fails where the user sees it.
 */
export function writePart({ chunks, first }: SplitFile, part: number): WrittenDocument[] {
  const written: WrittenDocument[] = [];
  for (let i = first[part]!; i < first[part + 1]!; i++) {
    try {
      written.push(blockYamlAsJson(chunks[i]!.text) ?? null);
    } catch {
      written.push(undefined);
    }
  }
  return written;
}
