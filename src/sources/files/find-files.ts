// Which files a list of paths stands for: YAML/JSON files, directories walked in name order (hidden
// entries and node_modules skipped), symlinked files read through their link. Names in messages are
// relative to the working directory.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Problem } from '../../core/index.js';

export interface FoundFile {
  /** Absolute path (of the link, for a symlinked file). */
  readonly path: string;
  /** The name used in messages. */
  readonly name: string;
}

export interface FoundFiles {
  readonly files: readonly FoundFile[];
  /** Every directory walked, for watching. */
  readonly directories: readonly string[];
  readonly problems: readonly Problem[];
}

const YAML_FILE = /\.(ya?ml|json)$/i;

/** Whether a directory entry's name is one the loader reads (not hidden, YAML or JSON). */
export function isSourceFileName(name: string): boolean {
  return !name.startsWith('.') && YAML_FILE.test(name);
}

async function walk(path: string, files: string[], directories: string[]): Promise<void> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    files.push(path);
    return;
  }
  directories.push(path);
  const entries = await readdir(path, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) await walk(full, files, directories);
    else if (isSourceFileName(entry.name)) files.push(full);
  }
}

export async function findFiles(paths: readonly string[], cwd: string): Promise<FoundFiles> {
  const files: FoundFile[] = [];
  const directories: string[] = [];
  const problems: Problem[] = [];
  for (const path of paths) {
    const found: string[] = [];
    try {
      await walk(resolve(cwd, path), found, directories);
    } catch (error) {
      problems.push({ code: 'unreadable', message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, file: path, line: undefined, column: undefined });
    }
    for (const file of found) files.push({ path: file, name: relative(cwd, file) || file });
  }
  return { files, directories, problems };
}
