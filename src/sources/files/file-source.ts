// A directory (or list) of YAML files as a TextSource: parsed once, re-parsed per changed file, watched for
// edits made outside meshlock, and written back one document at a time.
import { watch, type FSWatcher } from 'node:fs';
import { access, constants, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { formatRef, type MeshObject, type ObjectRef, type Problem } from '../../core/index.js';
import type { TextChange, TextSource, TextWriteResult, WriteRefusal } from '../text-source.js';
import { assembleSource, findFiles, parseFile, type LoadedSource, type ParsedFile } from './load.js';
import { PositionResolver } from './positions.js';
import { splitDocuments } from './split-documents.js';
import { appendDocument, locateDocument, removeDocument, replaceDocument, writeFileAtomic } from './write.js';

export interface FileSourceOptions {
  /** Refuse every write, e.g. `meshlock serve --view-only`. */
  readonly viewOnly?: boolean;
  /** Follow edits made by other programs (default true). */
  readonly watch?: boolean;
  readonly description?: string;
}

interface FileEntry {
  readonly path: string;
  readonly parsed: ParsedFile;
}

/** The name submitted text is parsed under; its problems carry positions into that text. */
const EDITED = '(edited)';
const WATCH_DEBOUNCE_MS = 100;
const BARE_MARKER = /^---[ \t]*\r?\n/;

const sameRef = (a: ObjectRef, b: ObjectRef): boolean => a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
const refusal = (r: WriteRefusal): TextWriteResult => ({ ok: false, ...r });

export class FileSource implements TextSource {
  readonly description: string;
  readonly readOnlyReason: string | undefined;
  private readonly paths: readonly string[];
  /** The given paths that are directories: watched recursively, and where new objects get their own file. */
  private readonly directories: ReadonlySet<string>;
  private readonly cwd: string;
  private entries = new Map<string, FileEntry>();
  private loaded: LoadedSource;
  private readonly listeners = new Set<(change: TextChange) => void>();
  private readonly watchers: FSWatcher[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private debounce: NodeJS.Timeout | undefined;

  private constructor(paths: readonly string[], directories: ReadonlySet<string>, cwd: string, description: string, readOnlyReason: string | undefined) {
    this.paths = paths;
    this.directories = directories;
    this.cwd = cwd;
    this.description = description;
    this.readOnlyReason = readOnlyReason;
    this.loaded = assembleSource([]);
  }

  static async open(paths: readonly string[], cwd: string, options: FileSourceOptions = {}): Promise<FileSource> {
    const absolute = paths.map((p) => resolve(cwd, p));
    const directories = new Set<string>();
    for (const path of absolute) if (await stat(path).then((s) => s.isDirectory(), () => false)) directories.add(path);
    const reason = options.viewOnly ? 'the console was started with --view-only' : await unwritable(absolute);
    const source = new FileSource(absolute, directories, cwd, options.description ?? paths.join(', '), reason);
    await source.rescan();
    if (options.watch ?? true) source.startWatching();
    return source;
  }

  current(): LoadedSource {
    return this.loaded;
  }

  onChange(listener: (change: TextChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    clearTimeout(this.debounce);
    for (const watcher of this.watchers.splice(0)) watcher.close();
    await this.queue.catch(() => undefined);
  }

  /** Runs file work one at a time, so a write never interleaves with another write or a rescan. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Re-reads every file and re-parses those whose text changed. Returns the changed file names. Reading is
   * cheap next to parsing, so this is also how a write refreshes the cache.
   */
  private async rescan(): Promise<string[]> {
    const found = await findFiles(this.paths, this.cwd);
    const problems: Problem[] = [...found.problems];
    const next = new Map<string, FileEntry>();
    const changed: string[] = [];
    for (const file of found.files) {
      let text: string;
      try {
        text = await readFile(file.path, 'utf8');
      } catch (error) {
        problems.push({ code: 'unreadable', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, file: file.name, line: undefined, column: undefined });
        continue;
      }
      const previous = this.entries.get(file.name);
      if (previous && previous.parsed.text === text) next.set(file.name, previous);
      else {
        next.set(file.name, { path: file.path, parsed: parseFile(text, file.name) });
        changed.push(file.name);
      }
    }
    for (const name of this.entries.keys()) if (!next.has(name)) changed.push(name);
    if (changed.length > 0 || this.entries.size === 0) {
      this.entries = next;
      this.loaded = assembleSource([...next.values()].map((e) => e.parsed), problems);
    }
    return changed;
  }

  private emit(files: readonly string[]): void {
    if (files.length === 0) return;
    for (const listener of this.listeners) listener({ files });
  }

  private startWatching(): void {
    const onEvent = () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => {
        void this.exclusive(() => this.rescan()).then((files) => this.emit(files), () => undefined);
      }, WATCH_DEBOUNCE_MS);
    };
    for (const path of this.paths) {
      try {
        // A file is watched through its directory: editors replace files by rename, which ends a file watch.
        const isFile = !this.directories.has(path);
        const target = isFile ? dirname(path) : path;
        const watcher = watch(target, { recursive: !isFile, persistent: false }, (_event, name) => {
          if (!isFile || name === null || name === basename(path)) onEvent();
        });
        watcher.on('error', () => watcher.close());
        this.watchers.push(watcher);
      } catch {
        // A path that cannot be watched still serves; it just does not follow outside edits.
      }
    }
  }

  private fileOf(ref: ObjectRef): FileEntry | undefined {
    const object = this.loaded.snapshot.objects.find((o) => sameRef(o, ref));
    return object?.source ? this.entries.get(object.source.file) : undefined;
  }

  update(ref: ObjectRef, text: string, version: string): Promise<TextWriteResult> {
    return this.exclusive(async () => {
      if (this.readOnlyReason) return refusal({ code: 'read-only', message: `read-only: ${this.readOnlyReason}` });
      const entry = this.fileOf(ref);
      const fileText = entry ? await readFile(entry.path, 'utf8') : undefined;
      const at = entry && fileText !== undefined ? locateDocument(fileText, entry.parsed.name, ref) : undefined;
      if (!entry || fileText === undefined || !at) return refusal({ code: 'not-found', message: `${formatRef(ref)} does not exist` });
      if (!at.whole) return refusal({ code: 'read-only', message: `${formatRef(ref)} is one item of a List document in ${entry.parsed.name}; edit that file directly` });
      if (at.version !== version) {
        return refusal({ code: 'conflict', message: `${formatRef(ref)} was changed since it was read (version ${version}, now ${at.version}); reload it and apply your edit again` });
      }
      const checked = checkDocument(text, ref);
      if ('code' in checked) return refusal(checked);
      await writeFileAtomic(entry.path, replaceDocument(fileText, at, checked.text));
      this.emit(await this.rescan());
      return { ok: true, ref, file: entry.parsed.name };
    });
  }

  create(text: string): Promise<TextWriteResult> {
    return this.exclusive(async () => {
      if (this.readOnlyReason) return refusal({ code: 'read-only', message: `read-only: ${this.readOnlyReason}` });
      const checked = checkDocument(text);
      if ('code' in checked) return refusal(checked);
      const ref: ObjectRef = { kind: checked.object.kind, namespace: checked.object.namespace, name: checked.object.name };
      if (this.loaded.snapshot.objects.some((o) => sameRef(o, ref))) return refusal({ code: 'conflict', message: `${formatRef(ref)} already exists` });
      const path = this.createTarget(checked.object);
      const existing = await readFile(path, 'utf8').catch(() => '');
      await writeFileAtomic(path, appendDocument(existing, checked.text));
      this.emit(await this.rescan());
      return { ok: true, ref, file: relative(this.cwd, path) || path };
    });
  }

  remove(ref: ObjectRef, version: string): Promise<TextWriteResult> {
    return this.exclusive(async () => {
      if (this.readOnlyReason) return refusal({ code: 'read-only', message: `read-only: ${this.readOnlyReason}` });
      const entry = this.fileOf(ref);
      const fileText = entry ? await readFile(entry.path, 'utf8') : undefined;
      const at = entry && fileText !== undefined ? locateDocument(fileText, entry.parsed.name, ref) : undefined;
      if (!entry || fileText === undefined || !at) return refusal({ code: 'not-found', message: `${formatRef(ref)} does not exist` });
      if (!at.whole) return refusal({ code: 'read-only', message: `${formatRef(ref)} is one item of a List document in ${entry.parsed.name}; edit that file directly` });
      if (at.version !== version) return refusal({ code: 'conflict', message: `${formatRef(ref)} was changed since it was read; reload it before deleting` });
      const rest = removeDocument(fileText, at);
      if (rest === '') await rm(entry.path);
      else await writeFileAtomic(entry.path, rest);
      this.emit(await this.rescan());
      return { ok: true, ref, file: entry.parsed.name };
    });
  }

  /** A new object goes to its own file in the first directory of the source, else after the last file. */
  private createTarget(object: MeshObject): string {
    const directory = this.paths.find((p) => this.directories.has(p));
    if (directory) return join(directory, `${object.namespace || 'cluster'}-${object.kind.toLowerCase()}-${object.name}.yaml`);
    const files = [...this.entries.values()];
    return files[files.length - 1]?.path ?? join(this.cwd, `${object.kind.toLowerCase()}-${object.name}.yaml`);
  }
}

async function unwritable(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) {
    try {
      await access(path, constants.W_OK);
      if ((await stat(path)).isFile()) await access(dirname(path), constants.W_OK);
    } catch {
      return `${path} is not writable`;
    }
  }
  return undefined;
}

/**
 * Checks text sent for one object: exactly one document that loads (YAML syntax, required fields, enum
 * values the API server would reject), and, for an update, the same kind, namespace and name. Problems carry
 * line and column in the sent text.
 */
export function checkDocument(sent: string, expected?: ObjectRef): { text: string; object: MeshObject } | Extract<WriteRefusal, { code: 'invalid' }> {
  // A leading `---` is harmless in the editor but would leave an empty document in the file.
  const marker = BARE_MARKER.exec(sent);
  const text = marker ? sent.slice(marker[0].length) : sent;
  const lineShift = marker ? 1 : 0;
  const shift = (p: Problem): Problem => ({ ...p, file: undefined, line: p.line === undefined ? undefined : p.line + lineShift });
  const chunks = splitDocuments(text);
  if (chunks.length !== 1) {
    const second = chunks[1];
    const message = chunks.length === 0 ? 'the text holds no object' : `one object per save: the text holds ${chunks.length} documents`;
    return { code: 'invalid', message, problems: [{ code: 'not-an-object', message, file: undefined, line: second ? second.lineOffset + 1 + lineShift : 1, column: 1 }] };
  }
  const parsed = parseFile(text, EDITED);
  if (parsed.problems.length > 0) {
    const problems = parsed.problems.map(shift);
    return { code: 'invalid', message: problems[0]?.message ?? 'the text does not load', problems };
  }
  const object = parsed.objects[0];
  if (!object || parsed.objects.length !== 1) {
    const message = 'one object per save: a List document cannot be saved here';
    return { code: 'invalid', message, problems: [{ code: 'not-an-object', message, file: undefined, line: 1 + lineShift, column: 1 }] };
  }
  if (expected && !sameRef(object, expected)) {
    const field = object.kind !== expected.kind ? 'kind' : object.namespace !== expected.namespace ? 'namespace' : 'name';
    const path = field === 'kind' ? ['kind'] : ['metadata', field];
    const at = object.source ? new PositionResolver(new Map([[EDITED, text]])).locate(object.source, path) : undefined;
    const message = `${field} cannot change on save (${formatRef(expected)} → ${formatRef(object)}); create a new object instead`;
    return { code: 'invalid', message, problems: [{ code: 'invalid-value', message, file: undefined, line: (at?.line ?? 1) + lineShift, column: at?.column ?? 1, path }] };
  }
  return { text, object };
}
