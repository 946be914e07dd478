// Reads YAML/JSON files and directories into snapshot objects. Bad input becomes Problems with
// file:line:column; every other document still loads.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { load, YAMLException } from 'js-yaml';
import { buildSnapshot, field, isRecord, normalizeObject, type MeshObject, type MtlsEngine, type Problem, type Snapshot, type SourceSpan } from '../../core/index.js';
import { PositionResolver } from './positions.js';
import { splitDocuments } from './split-documents.js';

export interface LoadedSource {
  readonly snapshot: Snapshot;
  readonly files: readonly string[];
  /** Text of every file read, by the name used in messages. */
  readonly texts: ReadonlyMap<string, string>;
  readonly positions: PositionResolver;
  /**
   * The engine over `snapshot`, when the source keeps one up to date itself (a cluster source updates its
   * engine incrementally); otherwise whoever needs one builds it.
   */
  readonly engine?: MtlsEngine;
}

const YAML_FILE = /\.(ya?ml|json)$/i;

async function listFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (YAML_FILE.test(entry.name)) files.push(full);
  }
  return files;
}

/** Objects and problems of one file's text; `file` is the name used in messages. */
export function parseText(text: string, file: string): { objects: MeshObject[]; problems: Problem[] } {
  const objects: MeshObject[] = [];
  const problems: Problem[] = [];
  for (const chunk of splitDocuments(text)) {
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
      continue;
    }
    if (doc === null || doc === undefined) continue;
    const base: SourceSpan = { file, start: chunk.start, end: chunk.start + chunk.text.length, line: chunk.lineOffset + 1, pathPrefix: [] };
    const items = isRecord(doc) && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items) ? doc.items : undefined;
    const entries: [unknown, SourceSpan][] = items ? items.map((item, i) => [item, { ...base, pathPrefix: ['items', i] }]) : [[doc, base]];
    for (const [item, span] of entries) {
      const result = normalizeObject(item, span);
      if (result.type === 'object') objects.push(result.object);
      else problems.push(result.problem);
    }
  }
  return { objects, problems };
}

/** One file's objects, with every problem placed at its line and column. */
export interface ParsedFile {
  readonly name: string;
  readonly text: string;
  readonly objects: readonly MeshObject[];
  readonly problems: readonly Problem[];
}

/**
 * Parses one file and places problems that name a path inside an object. A rejected object is not in
 * `objects`, so its span is recovered from the problem's line to place it.
 */
export function parseFile(text: string, name: string): ParsedFile {
  const parsed = parseText(text, name);
  const positions = new PositionResolver(new Map([[name, text]]));
  const problems = parsed.problems.map((problem) => {
    if (!problem.path || !problem.object) return problem;
    const span = spanOfRejected(problem, text, name);
    const at = span ? positions.locate(span, problem.path) : undefined;
    return at ? { ...problem, line: at.line, column: at.column } : problem;
  });
  return { name, text, objects: parsed.objects, problems };
}

/** The loaded source made of parsed files (in load order) and problems met while finding them. */
export function assembleSource(files: readonly ParsedFile[], problems: readonly Problem[] = []): LoadedSource {
  const texts = new Map(files.map((f) => [f.name, f.text]));
  return {
    snapshot: buildSnapshot(
      files.flatMap((f) => f.objects),
      [...problems, ...files.flatMap((f) => f.problems)],
    ),
    files: files.map((f) => f.name),
    texts,
    positions: new PositionResolver(texts),
  };
}

/** Every YAML/JSON file of the given paths, as absolute paths with the names used in messages. */
export async function findFiles(paths: readonly string[], cwd: string): Promise<{ files: { path: string; name: string }[]; problems: Problem[] }> {
  const files: { path: string; name: string }[] = [];
  const problems: Problem[] = [];
  for (const path of paths) {
    try {
      for (const file of await listFiles(resolve(cwd, path))) files.push({ path: file, name: relative(cwd, file) || file });
    } catch (error) {
      problems.push({ code: 'unreadable', message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, file: path, line: undefined, column: undefined });
    }
  }
  return { files, problems };
}

export async function loadSources(paths: readonly string[], cwd: string): Promise<LoadedSource> {
  const found = await findFiles(paths, cwd);
  const problems = [...found.problems];
  const parsed: ParsedFile[] = [];
  for (const file of found.files) {
    let text: string;
    try {
      text = await readFile(file.path, 'utf8');
    } catch (error) {
      problems.push({ code: 'unreadable', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, file: file.name, line: undefined, column: undefined });
      continue;
    }
    parsed.push(parseFile(text, file.name));
  }
  return assembleSource(parsed, problems);
}

function spanOfRejected(problem: Problem, text: string, file: string): SourceSpan | undefined {
  if (problem.line === undefined) return undefined;
  const chunk = splitDocuments(text).find((c) => c.lineOffset + 1 === problem.line);
  if (!chunk) return undefined;
  const base = { file, start: chunk.start, end: chunk.start + chunk.text.length, line: chunk.lineOffset + 1 };
  const doc = load(chunk.text);
  if (isRecord(doc) && Array.isArray(doc.items)) {
    const index = doc.items.findIndex((item) => field(item, 'metadata', 'name') === problem.object?.name && field(item, 'kind') === problem.object?.kind);
    return { ...base, pathPrefix: ['items', Math.max(index, 0)] };
  }
  return { ...base, pathPrefix: [] };
}
