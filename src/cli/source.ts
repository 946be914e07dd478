// SOURCE for every command: files and directories, or --demo.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Problem } from '../core/index.js';
import { loadSources, type LoadedSource } from '../sources/files/load.js';
import { CliExit, type CliIo } from './io.js';

export interface SourceOptions {
  demo?: boolean;
}

/** The package root, found from this file whether it runs from src/ (tsx) or dist/ (node). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('meshlock: cannot find its package root');
    dir = parent;
  }
  return dir;
}

export function demoPath(): string {
  return join(packageRoot(), 'fixtures', 'demo');
}

export function formatProblem(problem: Problem): string {
  const where = problem.file ? `${problem.file}${problem.line ? `:${problem.line}:${problem.column ?? 1}` : ''}: ` : '';
  return `${where}error: ${problem.message}`;
}

/**
 * Loads SOURCE and prints every load problem to stderr. Exits 2 only when nothing usable was read,
 * so one broken file never hides the rest.
 */
export async function openSource(paths: readonly string[], options: SourceOptions, io: CliIo): Promise<LoadedSource> {
  if (options.demo && paths.length > 0) throw new CliExit(2, 'give either --demo or paths, not both');
  if (!options.demo && paths.length === 0) throw new CliExit(2, 'no SOURCE: give YAML files or directories, or --demo for the built-in demo mesh');
  const source = await loadSources(options.demo ? [demoPath()] : paths, options.demo ? packageRoot() : io.cwd);
  for (const problem of source.snapshot.problems) io.err(formatProblem(problem) + '\n');
  if (source.snapshot.objects.length === 0) {
    throw new CliExit(2, `nothing usable was read from ${paths.join(', ') || 'the demo'}`);
  }
  return source;
}
