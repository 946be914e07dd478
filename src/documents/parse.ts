// YAML/JSON text into snapshot objects, one document at a time. Bad input becomes Problems with
// file:line:column; every other document still loads. Pure: the text comes from a file, a request or an
// API server, and nothing here reads or writes anything.
import { load, YAMLException } from 'js-yaml';
import { isRecord, normalizeObject, type MeshObject, type Problem, type SourceSpan } from '../core/index.js';
import { PositionResolver } from './positions.js';
import { splitDocuments, type DocumentChunk } from './split.js';

/** One document's objects and problems, with positions in the whole file. */
interface ParsedChunk {
  readonly text: string;
  readonly start: number;
  readonly lineOffset: number;
  readonly objects: readonly MeshObject[];
  readonly problems: readonly Problem[];
}

/**
 * Parses one document of a file. Problems that name a path inside an object are placed at their line and
 * column; a rejected object is not among the objects, so its span is rebuilt from the document to place it.
 */
function parseChunk(chunk: DocumentChunk, file: string): ParsedChunk {
  const objects: MeshObject[] = [];
  const problems: Problem[] = [];
  const done = (): ParsedChunk => ({ text: chunk.text, start: chunk.start, lineOffset: chunk.lineOffset, objects, problems });
  let doc: unknown;
  try {
    doc = load(chunk.text, { filename: file });
  } catch (error) {
    const mark = error instanceof YAMLException ? error.mark : undefined;
    problems.push({
      code: 'yaml-syntax',
      message: error instanceof YAMLException ? error.reason : String(error),
      file,
      line: chunk.lineOffset + (mark ? mark.line : 0) + 1,
      column: (mark ? mark.column : 0) + 1,
    });
    return done();
  }
  if (doc === null || doc === undefined) return done();
  const base: SourceSpan = { file, start: chunk.start, end: chunk.start + chunk.text.length, line: chunk.lineOffset + 1, pathPrefix: [] };
  const items = isRecord(doc) && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items) ? doc.items : undefined;
  const entries: [unknown, SourceSpan][] = items ? items.map((item, i) => [item, { ...base, pathPrefix: ['items', i] }]) : [[doc, base]];
  let positions: PositionResolver | undefined;
  for (const [item, span] of entries) {
    const result = normalizeObject(item, span);
    if (result.type === 'object') {
      objects.push(result.object);
      continue;
    }
    const problem = result.problem;
    if (!problem.path || !problem.object) {
      problems.push(problem);
      continue;
    }
    // The document's own text is enough to place it: offsets relative to the chunk, lines shifted back.
    positions ??= new PositionResolver(new Map([[file, chunk.text]]));
    const at = positions.locate({ ...span, start: 0, end: chunk.text.length }, problem.path);
    problems.push(at ? { ...problem, line: at.line, column: at.column } : problem);
  }
  return done();
}

/** The same document parsed before at another place in the file: its objects and problems moved there. */
function relocate(parsed: ParsedChunk, chunk: DocumentChunk): ParsedChunk {
  if (parsed.start === chunk.start && parsed.lineOffset === chunk.lineOffset) return parsed;
  const lines = chunk.lineOffset - parsed.lineOffset;
  const move = (span: SourceSpan): SourceSpan => ({ ...span, start: chunk.start, end: chunk.start + chunk.text.length, line: chunk.lineOffset + 1 });
  return {
    text: chunk.text,
    start: chunk.start,
    lineOffset: chunk.lineOffset,
    // New objects that share `raw` with the old ones: the engine sees a move, not a change.
    objects: parsed.objects.map((o) => (o.source ? { ...o, source: move(o.source) } : o)),
    problems: parsed.problems.map((p) => ({
      ...p,
      ...(p.line !== undefined && { line: p.line + lines }),
      ...(p.rejected?.source && { rejected: { ...p.rejected, source: move(p.rejected.source) } }),
    })),
  };
}

/** One file's objects, with every problem placed at its line and column. */
export interface ParsedFile {
  readonly name: string;
  readonly text: string;
  readonly objects: readonly MeshObject[];
  readonly problems: readonly Problem[];
  /** Per document, so the next parse of the file reuses the documents whose text did not change. */
  readonly chunks: readonly ParsedChunk[];
}

/**
 * Parses a file. With `previous` (the last parse of the same file), documents whose text is unchanged are
 * not parsed again: an edit of one document in a file of thousands costs one document.
 */
export function parseFile(text: string, name: string, previous?: ParsedFile): ParsedFile {
  const reusable = new Map<string, ParsedChunk[]>();
  if (previous?.name === name) {
    for (const chunk of previous.chunks) {
      const list = reusable.get(chunk.text);
      if (list) list.push(chunk);
      else reusable.set(chunk.text, [chunk]);
    }
  }
  const chunks = splitDocuments(text).map((chunk) => {
    const earlier = reusable.get(chunk.text)?.shift();
    return earlier ? relocate(earlier, chunk) : parseChunk(chunk, name);
  });
  return { name, text, objects: chunks.flatMap((c) => c.objects), problems: chunks.flatMap((c) => c.problems), chunks };
}

/** Objects and problems of one text; `file` is the name used in messages. */
export function parseText(text: string, file: string): { objects: MeshObject[]; problems: Problem[] } {
  const parsed = parseFile(text, file);
  return { objects: [...parsed.objects], problems: [...parsed.problems] };
}
