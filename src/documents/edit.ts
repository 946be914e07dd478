// One object's document inside a multi-document YAML text: where it is, its version, and the text with it
// replaced, removed or appended, everything else (other documents, comments, separators) byte-identical.
import { createHash } from 'node:crypto';
import type { ObjectRef, SourceSpan } from '../core/index.js';
import { parseText } from './parse.js';
import { splitDocuments } from './split.js';

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
  const object = parseText(fileText, fileName).objects.find((o) => o.kind === ref.kind && o.namespace === ref.namespace && o.name === ref.name);
  return object?.source ? documentAt(fileText, object.source) : undefined;
}

/** The document of a loaded object, found from its span without parsing the file again. */
/**
 * The document of a loaded object, from its span alone (the span is the document's place in this very
 * text, so nothing is split or parsed again); undefined when the span does not start a line of the text.
 */
export function documentAt(fileText: string, span: SourceSpan): DocumentLocation | undefined {
  if (span.end > fileText.length || (span.start > 0 && fileText[span.start - 1] !== '\n')) return undefined;
  const chunk = fileText.slice(span.start, span.end);
  const marker = BARE_MARKER.exec(chunk);
  const skip = marker ? marker[0].length : 0;
  const start = span.start + skip;
  const text = fileText.slice(start, span.end);
  return { chunkStart: span.start, start, end: span.end, line: span.line + (marker ? 1 : 0), text, version: documentVersion(text), whole: span.pathPrefix.length === 0 };
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
