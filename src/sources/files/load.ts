// Reads YAML/JSON files and directories into snapshot objects. Bad input becomes Problems with
// file:line:column; every other document still loads.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { load, YAMLException } from 'js-yaml';
import { buildSnapshot, field, isRecord, normalizeObject, type MeshObject, type Problem, type Snapshot, type SourceSpan } from '../../core/index.js';
import { PositionResolver } from './positions.js';
import { splitDocuments } from './split-documents.js';

export interface LoadedSource {
  readonly snapshot: Snapshot;
  readonly files: readonly string[];
  /** Text of every file read, by the name used in messages. */
  readonly texts: ReadonlyMap<string, string>;
  readonly positions: PositionResolver;
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

/** Fills in line/column for problems that name a path inside an object. */
function placeProblems(problems: readonly Problem[], objects: readonly MeshObject[], positions: PositionResolver, spans: Map<string, SourceSpan>): Problem[] {
  return problems.map((problem) => {
    if (!problem.path || !problem.object) return problem;
    const span = spans.get(`${problem.object.kind}/${problem.object.namespace}/${problem.object.name}`) ?? undefined;
    const at = span ? positions.locate(span, problem.path) : undefined;
    return at ? { ...problem, line: at.line, column: at.column } : problem;
  });
}

export async function loadSources(paths: readonly string[], cwd: string): Promise<LoadedSource> {
  const objects: MeshObject[] = [];
  const problems: Problem[] = [];
  const texts = new Map<string, string>();
  const files: string[] = [];
  const spans = new Map<string, SourceSpan>();
  for (const path of paths) {
    let found: string[];
    try {
      found = await listFiles(path);
    } catch (error) {
      problems.push({ code: 'unreadable', message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, file: path, line: undefined, column: undefined });
      continue;
    }
    for (const file of found) {
      const name = relative(cwd, file) || file;
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        problems.push({ code: 'unreadable', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, file: name, line: undefined, column: undefined });
        continue;
      }
      files.push(name);
      texts.set(name, text);
      const parsed = parseText(text, name);
      objects.push(...parsed.objects);
      for (const problem of parsed.problems) {
        if (problem.object && problem.path) {
          // The rejected object is not in `objects`; remember its span so the problem can be placed.
          const span = spanOfRejected(problem, text, name);
          if (span) spans.set(`${problem.object.kind}/${problem.object.namespace}/${problem.object.name}`, span);
        }
        problems.push(problem);
      }
    }
  }
  const positions = new PositionResolver(texts);
  return { snapshot: buildSnapshot(objects, placeProblems(problems, objects, positions, spans)), files, texts, positions };
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
