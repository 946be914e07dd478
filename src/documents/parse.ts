// YAML/JSON text into snapshot objects, one document at a time. Bad input becomes Problems with
// file:line:column; every other document still loads. Pure: the text comes from a file, a request or an
// API server, and nothing here reads or writes anything.
import { load, YAMLException } from 'js-yaml';
import { appendAll, appended, EMPTY, isRecord, normalizeObject, pushTo, type MeshObject, type Problem, type SourceSpan } from '../core/index.js';
import { fastLoad, type DocumentJson } from './fast-yaml.js';
import { PositionResolver } from './positions.js';
import { splitDocuments, type DocumentChunk } from './split.js';

/** One document's objects and problems, with positions in the whole file. */
export interface ParsedChunk extends DocumentChunk {
  /** The document's number in its file, as its objects' spans name it. */
  readonly document: number;
  readonly objects: readonly MeshObject[];
  readonly problems: readonly Problem[];
}

/**
 * Parses one document of a file (number `document` of `splitDocuments(text)`); `json` is its text as
 * `blockYamlAsJson` wrote it elsewhere, if it was. Problems that name a path inside an object are placed at
 * their line and column; a rejected object is not among the objects, so its span is rebuilt from the
 * document to place it.
 */
export function parseChunk(chunk: DocumentChunk, file: string, document: number, json: DocumentJson | undefined): ParsedChunk {
  // Both lists are kept as long as the document is: started from their first entry (most documents have one
  // object and no problem), and shared when empty.
  let objects: MeshObject[] | undefined;
  let problems: Problem[] | undefined;
  const done = (): ParsedChunk => ({ text: chunk.text, start: chunk.start, lineOffset: chunk.lineOffset, document, objects: objects ?? EMPTY, problems: problems ?? EMPTY });
  let doc: unknown;
  try {
    // Most manifests are plain block YAML, read without js-yaml; anything else (and every error) is js-yaml's.
    const fast = json === undefined ? fastLoad(chunk.text) : json === null ? undefined : { value: JSON.parse(json) as unknown };
    doc = fast ? fast.value : load(chunk.text, { filename: file });
  } catch (error) {
    const mark = error instanceof YAMLException ? error.mark : undefined;
    problems = appended(problems, {
      code: 'yaml-syntax',
      message: error instanceof YAMLException ? error.reason : isStackOverflow(error) ? TOO_DEEP : String(error),
      file,
      line: chunk.lineOffset + (mark ? mark.line : 0) + 1,
      column: (mark ? mark.column : 0) + 1,
    });
    return done();
  }
  if (doc === null || doc === undefined) return done();
  const base: SourceSpan = { file, document, pathPrefix: EMPTY };
  const items = isRecord(doc) && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items) ? doc.items : undefined;
  const entries: [unknown, SourceSpan][] = items ? items.map((item, i) => [item, { ...base, pathPrefix: ['items', i] }]) : [[doc, base]];
  let positions: PositionResolver | undefined;
  for (const [item, span] of entries) {
    const result = normalizeObject(item, span);
    if (result.type === 'object') {
      objects = appended(objects, result.object);
      continue;
    }
    // Without a finer place, a problem sits on the document's first line.
    const problem = { ...result.problem, line: result.problem.line ?? chunk.lineOffset + 1 };
    if (!problem.path || !problem.object) {
      problems = appended(problems, problem);
      continue;
    }
    // The document's own text is enough to place it: lines counted in the document, shifted to the file's.
    positions ??= new PositionResolver(new Map([[file, chunk.text]]));
    const at = positions.locate({ ...span, document: 0 }, problem.path);
    problems = appended(problems, at ? { ...problem, line: at.line + chunk.lineOffset, column: at.column } : problem);
  }
  return done();
}

/** Both readers descend one call per level: a document nested thousands of levels deep exhausts the stack. */
const TOO_DEEP = 'the document is nested too deeply to read (thousands of levels; manifests have a few dozen)';

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('call stack');
}

/**
 * A document parsed before, now at `chunk` as document number `document`. At the same number its objects
 * are the very same (an edit above it moves nothing the engine sees); at another number they are new
 * objects sharing `raw`, which the engine takes as a move, not a change. Problem lines follow the text.
 */
function reuse(parsed: ParsedChunk, chunk: DocumentChunk, document: number): ParsedChunk {
  const renumbered = parsed.document !== document;
  const lines = chunk.lineOffset - parsed.lineOffset;
  if (!renumbered && lines === 0 && parsed.start === chunk.start) return parsed;
  const renumber = (span: SourceSpan): SourceSpan => ({ ...span, document });
  return {
    text: chunk.text,
    start: chunk.start,
    lineOffset: chunk.lineOffset,
    document,
    objects: renumbered ? parsed.objects.map((o) => (o.source ? { ...o, source: renumber(o.source) } : o)) : parsed.objects,
    problems:
      !renumbered && lines === 0
        ? parsed.problems
        : parsed.problems.map((p) => ({
            ...p,
            ...(p.line !== undefined && { line: p.line + lines }),
            ...(renumbered && p.rejected?.source && { rejected: { ...p.rejected, source: renumber(p.rejected.source) } }),
          })),
  };
}

/** One file's objects, with every problem placed at its line and column. */
export interface ParsedFile {
  readonly name: string;
  readonly text: string;
  readonly objects: readonly MeshObject[];
  readonly problems: readonly Problem[];
  /** Per document, in file order (the spans' document numbers index it); the next parse reuses unchanged ones. */
  readonly chunks: readonly ParsedChunk[];
}

/**
 * Parses a file. With `previous` (the last parse of the same file), documents whose text is unchanged are
 * not parsed again: an edit of one document in a file of thousands costs one document.
 */
export function parseFile(text: string, name: string, previous?: ParsedFile): ParsedFile {
  const before = previous?.name === name ? previous.chunks : [];
  const split = splitDocuments(text);
  // The common edit keeps every other document where it was, by number.
  const kept = split.map((chunk, i) => before[i]?.text === chunk.text);
  let elsewhere: Map<string, ParsedChunk[]> | undefined;
  const chunks = split.map((chunk, i) => {
    const same = before[i];
    if (kept[i] && same) return reuse(same, chunk, i);
    // Documents inserted or removed above: the others are found by their text among those not kept.
    if (!elsewhere) {
      elsewhere = new Map();
      before.forEach((old, j) => {
        if (!kept[j]) pushTo(elsewhere!, old.text, old);
      });
    }
    const earlier = elsewhere.get(chunk.text)?.shift();
    return earlier ? reuse(earlier, chunk, i) : parseChunk(chunk, name, i, undefined);
  });
  return parsedFileOf(text, name, chunks);
}

/** A file from its documents, each parsed (`parseChunk`) in file order. */
export function parsedFileOf(text: string, name: string, chunks: readonly ParsedChunk[]): ParsedFile {
  // Plain loops: flatMap over a file's thousands of documents took a profile's 50 ms on the large mesh.
  const objects: MeshObject[] = [];
  const problems: Problem[] = [];
  for (const chunk of chunks) {
    appendAll(objects, chunk.objects);
    appendAll(problems, chunk.problems);
  }
  return { name, text, objects, problems, chunks };
}

/** Objects and problems of one text; `file` is the name used in messages. */
export function parseText(text: string, file: string): { objects: MeshObject[]; problems: Problem[] } {
  const parsed = parseFile(text, file);
  return { objects: [...parsed.objects], problems: [...parsed.problems] };
}
