// One object's document inside a multi-document YAML text: where it is, its version, and the text with it
// replaced, removed or appended, everything else (other documents, comments, separators) byte-identical.
import { createHash } from 'node:crypto';
import type { ObjectRef, SourceSpan } from '../core/index.js';
import { parseFile } from './parse.js';
import { splitDocuments, type DocumentChunk } from './split.js';

/** Where one object's document sits in its file. `start` is after a bare `---` marker line, if any. */
export interface DocumentLocation {
  /** Offset of the whole chunk, including its `---` marker line. */
  readonly chunkStart: number;
  readonly start: number;
  readonly end: number;
  /** 1-based line of `start` in the file. */
  readonly line: number;
  readonly text: string;
  readonly version: string;
  /** False when the object is one item of a `kind: List` document, which is not edited piecemeal. */
  readonly whole: boolean;
}

/**
 * A token that changes whenever the document's text changes, like Kubernetes' resourceVersion: an edit
 * made against an older text is refused instead of overwriting what someone else saved.
 */
export function documentVersion(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const BARE_MARKER = /^---[ \t]*(?:\r?\n|$)/;

export function locateDocument(fileText: string, fileName: string, ref: ObjectRef): DocumentLocation | undefined {
  const parsed = parseFile(fileText, fileName);
  const object = parsed.objects.find((o) => o.kind === ref.kind && o.namespace === ref.namespace && o.name === ref.name);
  const chunk = object?.source && parsed.chunks[object.source.document];
  return chunk && object.source ? documentAt(chunk, object.source) : undefined;
}

/** The document of a loaded object: `chunk` is the document its span names, in the text the object was read from. */
export function documentAt(chunk: DocumentChunk, span: Pick<SourceSpan, 'pathPrefix'>): DocumentLocation {
  const marker = BARE_MARKER.exec(chunk.text);
  const skip = marker ? marker[0].length : 0;
  const text = chunk.text.slice(skip);
  const end = chunk.start + chunk.text.length;
  return { chunkStart: chunk.start, start: chunk.start + skip, end, line: chunk.lineOffset + 1 + (marker ? 1 : 0), text, version: documentVersion(text), whole: span.pathPrefix.length === 0 };
}

/** The document a span names in `fileText` (split here: for one lookup; readers of many use PositionResolver). */
export function documentIn(fileText: string, span: SourceSpan): DocumentLocation | undefined {
  const chunk = splitDocuments(fileText)[span.document];
  return chunk && documentAt(chunk, span);
}

/** Ends a document with exactly the newline the next `---` needs. */
function asDocument(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export function replaceDocument(fileText: string, at: DocumentLocation, documentText: string): string {
  return fileText.slice(0, at.start) + asDocument(documentText) + fileText.slice(at.end);
}

/** Removes the document with its own `---` line; a file left with only a marker or blanks becomes empty. */
export function removeDocument(fileText: string, at: DocumentLocation): string {
  const rest = fileText.slice(0, at.chunkStart) + fileText.slice(at.end);
  return splitDocuments(rest).length === 0 ? '' : rest;
}

export function appendDocument(fileText: string, documentText: string): string {
  if (fileText.trim() === '') return asDocument(documentText);
  return `${asDocument(fileText)}---\n${asDocument(documentText)}`;
}
