// YAML files and directories as a ConfigSource: read once, followed through every way a file can change
// (directory-watcher.ts), and written back one document at a time (file-edit.ts). A change to one file
// costs that file: its unchanged documents are not parsed again, and only the objects that really changed
// reach the store.
import { constants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { appendAll, Definitions, formatRef, keyOf, refOf, type Change, type MeshObject, type ObjectRef, type Problem, type SourceContents, type SourceSpan } from '../../core/index.js';
import { checkDocument } from '../../documents/check-document.js';
import { documentAt } from '../../documents/edit.js';
import { parseFile, type ParsedFile } from '../../documents/parse.js';
import { documentLineIn, SplitTexts } from '../../documents/split.js';
import { atMostAtOnce } from '../at-most-at-once.js';
import { readOnlyRefusal, type ConfigSource, type SourceEvent, type WriteRequest, type WriteResult } from '../config-source.js';
import { DirectoryWatcher } from './directory-watcher.js';
import { applyEdit, editFile, fileBytes, fileText, removeStaleTemps, writeTarget } from './file-edit.js';
import { findFiles } from './find-files.js';
import { ParallelReading, parseEach } from './parallel-reading.js';

export interface FileSourceOptions {
  /** Refuse every write, e.g. `meshlock serve --view-only`. */
  readonly viewOnly?: boolean;
  /** Follow edits made by other programs (default true). */
  readonly watch?: boolean;
  readonly description?: string;
  /** Debounce and backup-poll intervals of the watcher (tests shorten them). */
  readonly watchDebounceMs?: number;
  readonly pollMs?: number;
}

/** A file read whose text changed: not parsed yet. */
interface UnparsedFile {
  readonly path: string;
  readonly stamp: string;
  readonly text: string;
}

/** The state of a file read, parsed (reusing what `previous` parsed). */
function parsedFile(read: UnparsedFile, name: string, previous: FileState | undefined): FileState {
  return { path: read.path, stamp: read.stamp, parsed: parseFile(read.text, name, previous?.parsed) };
}

interface FileState {
  readonly path: string;
  /** mtime, ctime, size and inode: a file whose stamp is unchanged is not read again. */
  readonly stamp: string;
  readonly parsed: ParsedFile;
}

interface FileStamp {
  readonly stamp: string;
  readonly size: number;
}

async function stampOf(path: string): Promise<FileStamp> {
  const info = await stat(path);
  return { stamp: `${info.mtimeMs}:${info.ctimeMs}:${info.size}:${info.ino}`, size: info.size };
}

function unreadable(file: string, error: NodeJS.ErrnoException): Problem {
  return { code: 'unreadable', message: `cannot read: ${error.code ?? String(error)}`, file, line: undefined, column: undefined };
}

/** Files stat'ed or read at once: enough to keep the disk busy, well below any limit of open files. */
const FILES_AT_ONCE = 32;

export class FileSource implements ConfigSource {
  readonly description: string;
  readonly readOnlyReason: string | undefined;
  private readonly paths: readonly string[];
  private readonly cwd: string;
  /** The given paths that are directories: watched, and where new objects get a file of their own. */
  private readonly directories: readonly string[];
  /** Real paths writes must stay inside: the given directories, and the given files themselves. */
  private readonly roots: readonly string[];
  private files = new Map<string, FileState>();
  private readonly definitions = new Definitions();
  private findProblems: readonly Problem[] = [];
  private cached: SourceContents | undefined;
  /** Problems and texts as last announced; rebuilt only when files change. */
  private announced: { problems: readonly Problem[]; texts: ReadonlyMap<string, string> } | undefined;
  private readonly listeners = new Set<(event: SourceEvent) => void>();
  private watcher: DirectoryWatcher | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(paths: readonly string[], cwd: string, directories: readonly string[], roots: readonly string[], description: string, readOnlyReason: string | undefined) {
    this.paths = paths;
    this.cwd = cwd;
    this.directories = directories;
    this.roots = roots;
    this.description = description;
    this.readOnlyReason = readOnlyReason;
  }

  static async open(paths: readonly string[], cwd: string, options: FileSourceOptions = {}): Promise<FileSource> {
    const absolute = paths.map((p) => resolve(cwd, p));
    const directories: string[] = [];
    const roots: string[] = [];
    for (const path of absolute) {
      const info = await stat(path).catch(() => undefined);
      if (info?.isDirectory()) directories.push(path);
      if (info) roots.push(await realpath(path));
    }
    const reason = options.viewOnly ? 'the console was started with --view-only' : await unwritable(absolute);
    const source = new FileSource(absolute, cwd, directories, roots, options.description ?? paths.join(', '), reason);
    if (!reason) await removeStaleTemps(directories, Date.now());
    await source.rescan();
    if (options.watch ?? true) {
      source.watcher = new DirectoryWatcher(() => void source.exclusive(() => source.rescan()).catch(() => undefined), {
        debounceMs: options.watchDebounceMs,
        pollMs: options.pollMs,
      });
      await source.watchCurrentDirectories();
    }
    return source;
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  contents(): SourceContents {
    this.cached ??= { objects: this.definitions.objects(), problems: this.problemList(), texts: this.textMap() };
    return this.cached;
  }

  subscribe(listener: (event: SourceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): undefined {
    return undefined;
  }

  async writeAccess(): Promise<string | undefined> {
    return this.readOnlyReason;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    await this.queue.catch(() => undefined);
  }

  write(request: WriteRequest): Promise<WriteResult> {
    if (this.readOnlyReason) return Promise.resolve(readOnlyRefusal(this.readOnlyReason));
    return this.exclusive(() => (request.op === 'create' ? this.create(request.text, request.dryRun) : this.change(request)));
  }

  // ---- reading -------------------------------------------------------------------------------

  private problemList(): readonly Problem[] {
    if (this.announced) return this.announced.problems;
    const problems: Problem[] = [...this.findProblems];
    for (const state of this.files.values()) appendAll(problems, state.parsed.problems);
    appendAll(problems, this.definitions.duplicates((span) => this.documentLine(span)));
    return problems;
  }

  private textMap(): ReadonlyMap<string, string> {
    return this.announced?.texts ?? new SplitTexts([...this.files].map(([name, { parsed }]) => ({ name, text: parsed.text, chunks: parsed.chunks })));
  }

  /** 1-based line where a span's document starts in its file as last read. */
  private documentLine(span: SourceSpan): number | undefined {
    return documentLineIn(this.files.get(span.file)?.parsed.chunks, span.document);
  }

  private objectOf(ref: ObjectRef): MeshObject | undefined {
    return this.definitions.get(keyOf(ref));
  }

  /** Runs file work one at a time, so a write never interleaves with another write or a rescan. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Finds every file again, reads those whose stamp changed and parses those whose text changed, then
   * tells listeners what changed for the engine.
   */
  private async rescan(): Promise<void> {
    if (this.closed) return;
    const found = await findFiles(this.paths, this.cwd);
    const next = new Map<string, FileState>();
    const changes: Change[] = [];
    const problems: Problem[] = [...found.problems];
    this.definitions.setOrder(found.files.map((f) => f.name));
    // Every file's stamp, then the changed files' texts, a few at a time: one after another, this thread
    // mostly waited on the disk.
    const stamped = await atMostAtOnce(found.files, FILES_AT_ONCE, (file) => stampOf(file.path).catch((error: NodeJS.ErrnoException) => error));
    const toRead = found.files.flatMap((file, i) => {
      const stamp = stamped[i]!;
      if (stamp instanceof Error) {
        problems.push(unreadable(file.name, stamp));
        return [];
      }
      return [{ file, stamp }];
    });
    // Files parsed from scratch (a first read, new files) may go to both cores; the second thread starts now,
    // so it is up by the time their texts are read. A changed file reuses what its last parse holds, so it
    // is parsed here.
    let freshBytes = 0;
    for (const { file, stamp } of toRead) if (!this.files.has(file.name)) freshBytes += stamp.size;
    const reading = ParallelReading.start(freshBytes);
    const read: { name: string; state: FileState | UnparsedFile }[] = [];
    let freshParsed: ParsedFile[];
    try {
      const states = await atMostAtOnce(toRead, FILES_AT_ONCE, ({ file, stamp }) => this.readChanged(file.path, stamp, this.files.get(file.name)).catch((error: NodeJS.ErrnoException) => error));
      toRead.forEach(({ file }, i) => {
        const state = states[i]!;
        if (state instanceof Error) problems.push(unreadable(file.name, state));
        else read.push({ name: file.name, state });
      });
      const fresh = read.flatMap(({ name, state }) => ('text' in state && !this.files.has(name) ? [{ name, text: state.text }] : []));
      // A fresh file's objects join the definitions as soon as it is parsed: on a large first read, while the
      // other thread still parses, instead of all after it. The definitions order them by file, not by arrival.
      freshParsed = await parseEach(fresh, reading, (parsed) => appendAll(changes, this.definitions.replace(parsed.name, parsed.objects)));
    } finally {
      await reading?.close();
    }
    const parsedFresh = new Map<string, ParsedFile>(freshParsed.map((parsed) => [parsed.name, parsed]));
    for (const { name, state: readState } of read) {
      const previous = this.files.get(name);
      const fresh = parsedFresh.get(name);
      const state = 'text' in readState ? (fresh ? { path: readState.path, stamp: readState.stamp, parsed: fresh } : parsedFile(readState, name, previous)) : readState;
      next.set(name, state);
      if (!fresh && state.parsed !== previous?.parsed) appendAll(changes, this.definitions.replace(name, state.parsed.objects));
    }
    for (const name of this.files.keys()) if (!next.has(name)) appendAll(changes, this.definitions.replace(name, []));
    // Any file whose text changed is news (its documents' versions did), even when no object did.
    const origins = [...new Set([...next].filter(([name, state]) => state.parsed !== this.files.get(name)?.parsed).map(([name]) => name).concat([...this.files.keys()].filter((name) => !next.has(name))))];
    const anyChange = changes.length > 0 || origins.length > 0 || !sameProblems(problems, this.findProblems);
    this.files = next;
    this.findProblems = problems;
    if (this.watcher) await this.watchCurrentDirectories(found.directories);
    if (anyChange) this.announce(changes, origins);
  }

  private async watchCurrentDirectories(walked?: readonly string[]): Promise<void> {
    const directories = new Set(walked ?? (await findFiles(this.paths, this.cwd)).directories);
    // A single file is followed through its directory: editors replace files by rename.
    for (const path of this.paths) if (!this.directories.includes(path)) directories.add(dirname(path));
    // A symlinked file changes where its target lives.
    for (const state of this.files.values()) {
      const target = await writeTarget(state.path).catch(() => state.path);
      if (target !== state.path) directories.add(dirname(target));
    }
    this.watcher?.watchDirectories(directories);
  }

  /** The file's state after this process wrote `bytes` to it: no second read of what it just wrote. */
  private async adopt(path: string, name: string, previous: FileState, bytes: Buffer): Promise<FileState> {
    const { stamp } = await stampOf(path);
    return { path, stamp, parsed: parseFile(fileText(bytes), name, previous.parsed) };
  }

  /**
   * The file's state when nothing in it changed (same stamp, or same text), else its text to parse. Parsing
   * is left to the caller, which may spread a large read over both cores.
   */
  private async readChanged(path: string, { stamp }: FileStamp, previous: FileState | undefined): Promise<FileState | UnparsedFile> {
    if (previous && previous.stamp === stamp && previous.path === path) return previous;
    const text = fileText(await readFile(path));
    if (previous && previous.parsed.text === text) return { path, stamp, parsed: previous.parsed };
    return { path, stamp, text };
  }

  private async readFile(path: string, previous: FileState | undefined): Promise<FileState | UnparsedFile> {
    return this.readChanged(path, await stampOf(path), previous);
  }

  private announce(changes: readonly Change[], origins: readonly string[]): void {
    // The object list is built only when someone asks for contents(); an announcement needs no more than this.
    this.cached = undefined;
    this.announced = undefined;
    const announced = { problems: this.problemList(), texts: this.textMap() };
    this.announced = announced;
    const event: SourceEvent = { type: 'changes', changes, problems: announced.problems, origins, texts: announced.texts };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One failing listener must not keep the change from the others.
      }
    }
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * After a write: the file taken in at once (from the bytes just written, when they are known), so
   * write() resolves with its change announced.
   */
  private async reread(path: string, written?: Buffer | null): Promise<void> {
    const known = [...this.files].find(([, s]) => s.path === path);
    // Through a link, another name may show the same file: read everything again.
    if (!known || written === null || (await writeTarget(path)) !== path) {
      await this.rescan();
      return;
    }
    const [fileName, previous] = known;
    const state = written ? await this.adopt(path, fileName, previous, written).catch(() => undefined) : await this.readFile(path, previous).then((read) => ('text' in read ? parsedFile(read, fileName, previous) : read)).catch(() => undefined);
    if (!state) {
      await this.rescan();
      return;
    }
    this.files.set(fileName, state);
    const changes = state.parsed !== previous.parsed ? this.definitions.replace(fileName, state.parsed.objects) : [];
    if (state.parsed !== previous.parsed) this.announce(changes, [fileName]);
  }

  private async change(request: Extract<WriteRequest, { op: 'replace' | 'delete' }>): Promise<WriteResult> {
    const { ref } = request;
    const object = this.objectOf(ref);
    const state = object?.source && this.files.get(object.source.file);
    if (!object?.source || !state) return { ok: false, code: 'not-found', message: `${formatRef(ref)} does not exist` };
    if (object.source.pathPrefix.length > 0) return readOnlyRefusal(`${formatRef(ref)} is one item of a List document in ${state.parsed.name}; edit that file directly`);
    let text: string | undefined;
    if (request.op === 'replace') {
      const checked = checkDocument(request.text, ref);
      if ('problems' in checked) return { ok: false, code: 'invalid', message: checked.message, problems: checked.problems };
      text = checked.text;
    }
    const outside = await this.outsideRoots(state.path);
    if (outside) return readOnlyRefusal(outside);
    if (request.dryRun) return { ok: true, ref, file: state.parsed.name };
    let written: Buffer | null | undefined;
    const result = await editFile<WriteResult>(state.path, (file) => {
      // Found again in the file as it is now (another program may have moved or changed it); when the file
      // is as last read, the object is where it was.
      const parsed = file && (file.text === state.parsed.text ? state.parsed : parseFile(file.text, state.parsed.name, state.parsed));
      const now = parsed === state.parsed ? object : parsed?.objects.find((o) => keyOf(o) === keyOf(object));
      const chunk = now?.source && parsed?.chunks[now.source.document];
      const at = chunk && now?.source ? documentAt(chunk, now.source) : undefined;
      if (!file || !now?.source || !at) return { done: false, value: { ok: false, code: 'not-found', message: `${formatRef(ref)} does not exist any more` } };
      if (at.version !== request.version) {
        return {
          done: false,
          value: {
            ok: false,
            code: 'conflict',
            message: `${formatRef(ref)} was changed since it was read (version ${request.version}, now ${at.version}); reload it and apply your edit again`,
            current: { text: at.text, version: at.version, line: at.line, readOnlyReason: undefined },
          },
        };
      }
      const bytes = applyEdit(file, text === undefined ? { type: 'remove', span: now.source } : { type: 'replace', span: now.source, text });
      const emptied = bytes !== undefined && bytes.toString('utf8').trim() === '';
      written = emptied ? null : bytes;
      return { done: true, bytes: written, value: { ok: true, ref, file: state.parsed.name } };
    });
    if (result.ok) await this.reread(state.path, written);
    return result;
  }

  private async create(sent: string, dryRun: boolean | undefined): Promise<WriteResult> {
    const checked = checkDocument(sent);
    if ('problems' in checked) return { ok: false, code: 'invalid', message: checked.message, problems: checked.problems };
    const ref: ObjectRef = { kind: checked.object.kind, namespace: checked.object.namespace, name: checked.object.name };
    if (this.objectOf(refOf(checked.object))) return { ok: false, code: 'conflict', message: `${formatRef(ref)} already exists` };
    const path = await this.createTarget(checked.object);
    const outside = await this.outsideRoots(path);
    if (outside) return readOnlyRefusal(outside);
    const file = relative(this.cwd, path) || path;
    if (dryRun) return { ok: true, ref, file };
    await editFile<undefined>(path, (current) => ({
      done: true,
      bytes: applyEdit(current ?? fileBytes(Buffer.alloc(0)), { type: 'append', text: checked.text }) ?? null,
      value: undefined,
    }));
    await this.rescan();
    return { ok: true, ref, file };
  }

  /**
   * A new object goes to a file of its own in the first directory of the source, named from its (checked)
   * namespace, kind and name; with only files, after the last file.
   */
  private async createTarget(object: MeshObject): Promise<string> {
    const directory = this.directories[0];
    if (directory) {
      const base = `${object.namespace || 'cluster'}-${object.kind.toLowerCase()}-${object.name}`;
      for (let n = 1; ; n++) {
        const path = join(directory, n === 1 ? `${base}.yaml` : `${base}-${n}.yaml`);
        if (!(await stat(path).catch(() => undefined))) return path;
      }
    }
    const files = [...this.files.values()];
    return files[files.length - 1]?.path ?? join(this.cwd, `${object.kind.toLowerCase()}-${object.name}.yaml`);
  }

  /** Why `path` may not be written: it (or the file its link points to) lies outside the served paths. */
  private async outsideRoots(path: string): Promise<string | undefined> {
    const target = await writeTarget(path).catch(() => path);
    const real = await realpath(target).catch(async () => join(await realpath(dirname(target)).catch(() => dirname(target)), target.slice(dirname(target).length + 1)));
    const inside = this.roots.some((root) => real === root || real.startsWith(root + sep));
    return inside ? undefined : `${relative(this.cwd, path) || path} ${target === path ? 'is' : 'links to a file'} outside the served ${this.directories.length > 0 ? 'folder' : 'files'}; meshlock writes only inside them`;
  }
}

function sameProblems(a: readonly Problem[], b: readonly Problem[]): boolean {
  return a.length === b.length && a.every((p, i) => p.message === b[i]?.message && p.file === b[i]?.file);
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
