// Saving one document of a YAML file without touching anything else in it: the other documents keep their
// exact bytes (comments, separators, even bytes that are not UTF-8), CRLF files stay CRLF, a BOM stays, a
// symlinked file is written through its link, permissions are kept, and the file is replaced atomically
// by rename. A save is merged against the file as it is right before the rename, so another program's
// change to another document of the same file is never lost.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import { lstat, open, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { documentAt, removeDocument, replaceDocument } from '../../documents/edit.js';
import { splitDocuments } from '../../documents/split.js';
import type { SourceSpan } from '../../core/index.js';

/** Temporary files are hidden (the loader skips dot files) and carry a suffix that says whose they are. */
const TEMP_SUFFIX = '.meshlock-tmp';
const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.meshlock-tmp$/;
/** Left-over temporary files older than this are removed at start-up (a crash in the middle of a save). */
const STALE_TEMP_MS = 60_000;
const MERGE_ATTEMPTS = 5;

/**
 * A file's bytes seen as text two ways: `text` decoded as UTF-8 (what the parser reads) and `binary`, one
 * character per byte (latin1), so document boundaries found in it are byte offsets and splicing it keeps
 * every other byte as it was. A UTF-8 byte order mark is set apart from both and put back on write.
 */
export interface FileBytes {
  readonly bytes: Buffer;
  readonly text: string;
  readonly binary: string;
  readonly crlf: boolean;
  readonly bom: boolean;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function fileBytes(bytes: Buffer): FileBytes {
  const bom = hasBom(bytes);
  const body = bom ? bytes.subarray(3) : bytes;
  const binary = body.toString('latin1');
  return { bytes, text: body.toString('utf8'), binary, crlf: /\r\n/.test(binary), bom };
}

/** Only the text of `fileBytes`: what reading needs, without decoding the bytes a second way. */
export function fileText(bytes: Buffer): string {
  return (hasBom(bytes) ? bytes.subarray(3) : bytes).toString('utf8');
}

function hasBom(bytes: Buffer): boolean {
  return bytes.subarray(0, 3).equals(BOM);
}

function withBom(file: FileBytes, binary: string): Buffer {
  const body = Buffer.from(binary, 'latin1');
  return file.bom ? Buffer.concat([BOM, body]) : body;
}

/** The edit's result in the file's own encoding: UTF-8 bytes, CRLF when the file uses CRLF. */
function encodeDocument(file: FileBytes, text: string): string {
  const ended = text.endsWith('\n') ? text : `${text}\n`;
  const lines = file.crlf ? ended.replace(/\r?\n/g, '\r\n') : ended;
  return Buffer.from(lines, 'utf8').toString('latin1');
}

/**
 * A document's place in the byte view. Its number is the same in both views: documents are split at
 * ASCII marker lines, which bytes that are not UTF-8 never form or hide.
 */
function byteLocation(file: FileBytes, span: SourceSpan) {
  const chunk = splitDocuments(file.binary)[span.document];
  return chunk && documentAt(chunk, span);
}

/** Replace or remove the document at `span` (the object's, in the file's UTF-8 text), or append one. */
export type DocumentEdit = { readonly type: 'replace'; readonly span: SourceSpan; readonly text: string } | { readonly type: 'remove'; readonly span: SourceSpan } | { readonly type: 'append'; readonly text: string };

/** The file's bytes with one document replaced, removed or appended; undefined when the document is gone. */
export function applyEdit(file: FileBytes, edit: DocumentEdit): Buffer | undefined {
  if (edit.type === 'append') {
    const newline = file.crlf ? '\r\n' : '\n';
    const document = encodeDocument(file, edit.text);
    if (file.binary.trim() === '') return withBom(file, document);
    const head = file.binary.endsWith('\n') ? file.binary : file.binary + newline;
    return withBom(file, `${head}---${newline}${document}`);
  }
  const at = byteLocation(file, edit.span);
  if (!at) return undefined;
  const result = edit.type === 'replace' ? replaceDocument(file.binary, at, encodeDocument(file, edit.text)) : removeDocument(file.binary, at);
  return withBom(file, result);
}

/** Where a save really writes: through a symlink to its target, so the link stays a link. */
export async function writeTarget(path: string): Promise<string> {
  const info = await lstat(path).catch(() => undefined);
  return info?.isSymbolicLink() ? realpath(path) : path;
}

export type EditOutcome<T> = { readonly done: true; readonly value: T } | { readonly done: false; readonly value: T };

/**
 * Reads the file, asks `plan` for the new bytes, and replaces the file with them atomically, unless the
 * file changed between the read and the rename: then the plan runs again on the new text (a merge at
 * document level). `plan` answers `{done: false}` to stop without writing (a conflict, a missing document).
 */
export async function editFile<T>(path: string, plan: (file: FileBytes | undefined) => EditOutcome<T> & { readonly bytes?: Buffer | null }): Promise<T> {
  const target = await writeTarget(path);
  for (let attempt = 0; ; attempt++) {
    const before = await readFile(target).then(fileBytes, (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    const step = plan(before);
    if (!step.done || step.bytes === undefined) return step.value;
    if (step.bytes === null) {
      await rm(target, { force: true });
      return step.value;
    }
    const temp = await writeTemp(target, step.bytes);
    // The check and the rename in one step of this process: nothing of ours runs between them, and another
    // program has only the instant between two system calls to slip a change in.
    let renamed = false;
    try {
      const now = readNow(target);
      const unchanged = before === undefined ? now === undefined : now !== undefined && now.equals(before.bytes);
      if (unchanged || attempt >= MERGE_ATTEMPTS) {
        renameSync(temp, target);
        renamed = true;
      }
    } finally {
      if (!renamed) await rm(temp, { force: true });
    }
    if (renamed) return step.value;
    // Someone changed the file since it was read: plan again against what is there now.
  }
}

function readNow(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes the bytes to a hidden temporary file beside `target`, with the target's permission bits, synced. */
async function writeTemp(target: string, bytes: Buffer): Promise<string> {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const mode = await stat(target).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  );
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

/** Removes temporary files a killed meshlock left behind in these directories (older than a minute). */
export async function removeStaleTemps(directories: Iterable<string>, now: number): Promise<string[]> {
  const removed: string[] = [];
  for (const directory of directories) {
    const names = await readdir(directory).catch(() => [] as string[]);
    for (const name of names) {
      if (!TEMP_NAME.test(name)) continue;
      const path = join(directory, name);
      const info = await stat(path).catch(() => undefined);
      if (info && now - info.mtimeMs > STALE_TEMP_MS) {
        await rm(path, { force: true });
        removed.push(path);
      }
    }
  }
  return removed;
}
