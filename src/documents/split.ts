// Splits a multi-document YAML text on `---`/`...` marker lines. Finding boundaries by line is ~1000×
// cheaper than a full parse (stack notes §7), and lets each document be parsed (and fail) on its own.

export interface DocumentChunk {
  readonly text: string;
  /** Offset of the chunk in the file. */
  readonly start: number;
  /** 0-based line of the chunk's first line in the file. */
  readonly lineOffset: number;
}

// `\r` too: a file with CRLF line endings has its markers as `---\r`.
const MARKER = /^(---|\.\.\.)(?:[ \t\r]|$)/;
const DASH = 0x2d;
const DOT = 0x2e;

export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let chunkStart = 0;
  let chunkLine = 0;
  let offset = 0;
  let line = 0;
  // Reads stay inside the text and the chunks are closed by a plain function, not a closure made per call:
  // a read past the end, and a new closure per file, each sent V8's optimised code of this loop back to
  // the interpreter.
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline;
    // Only a line that starts with `-` or `.` can be a marker; the rest are not looked at twice.
    const first = offset < lineEnd ? text.charCodeAt(offset) : 0;
    if ((first === DASH || first === DOT) && MARKER.test(text.slice(offset, Math.min(lineEnd, offset + 4)))) {
      closeChunk(chunks, text, chunkStart, offset, chunkLine);
      const isEnd = text.startsWith('...', offset);
      // A `---` line may carry content (`--- {a: 1}`), so it stays in the next chunk; `...` never does.
      chunkStart = isEnd ? lineEnd + 1 : offset;
      chunkLine = isEnd ? line + 1 : line;
    }
    if (newline === -1) break;
    offset = newline + 1;
    line++;
  }
  closeChunk(chunks, text, chunkStart, text.length, chunkLine);
  return chunks;
}

/** Adds the text from `start` to `end` as a chunk unless it is blank. */
function closeChunk(chunks: DocumentChunk[], text: string, start: number, end: number, lineOffset: number): void {
  const chunk = text.slice(start, end);
  if (chunk.trim() !== '') chunks.push({ text: chunk, start, lineOffset });
}

/** 1-based line where document number `document` of a split text starts (its `---` line when it has one). */
export function documentLineIn(chunks: readonly DocumentChunk[] | undefined, document: number): number | undefined {
  const chunk = chunks?.[document];
  return chunk && chunk.lineOffset + 1;
}

/**
 * File texts that also hold each file's split into documents, as the reader that parsed them made it, so
 * placing findings later does not split every file a second time. A plain map of texts works too: its files
 * are split on first use.
 */
export class SplitTexts extends Map<string, string> {
  private readonly splits = new Map<string, readonly DocumentChunk[]>();

  constructor(files: Iterable<{ readonly name: string; readonly text: string; readonly chunks: readonly DocumentChunk[] }>) {
    super();
    for (const { name, text, chunks } of files) {
      this.set(name, text);
      this.splits.set(name, chunks);
    }
  }

  /** `file`'s documents, exactly as `splitDocuments` gives them for its text. */
  documentsOf(file: string): readonly DocumentChunk[] | undefined {
    return this.splits.get(file);
  }
}
