// The built-in demo mesh (fixtures/demo) for tests: loaded as the CLI loads it, its call graph, and temp
// copies with extra files for what-if runs through the CLI.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPath, packageRoot } from '../cli/source.js';
import type { MeshObject, MtlsEngine } from '../core/index.js';
import { parseText } from '../documents/parse.js';
import { readMesh } from './read-mesh.js';

export interface Call {
  readonly from: string;
  readonly to: string;
}

export async function loadDemo(): Promise<MtlsEngine> {
  const revision = await readMesh([demoPath()], packageRoot());
  if (revision.snapshot.problems.length > 0) throw new Error(`the demo has load problems: ${revision.snapshot.problems.map((p) => p.message).join('; ')}`);
  return revision.engine;
}

/** Who calls whom in the demo (fixtures/demo-call-graph.json). */
export function demoCallGraph(): Call[] {
  return JSON.parse(readFileSync(join(packageRoot(), 'fixtures', 'demo-call-graph.json'), 'utf8')) as Call[];
}

/** The one object of a YAML text, as the file source reads it. */
export function objectFromYaml(yaml: string): MeshObject {
  const { objects, problems } = parseText(yaml, 'change.yaml');
  const [object] = objects;
  if (problems.length > 0 || objects.length !== 1 || !object) throw new Error(`expected one loadable object in:\n${yaml}`);
  return object;
}

/** Every object of a YAML text (several documents), as the file source reads them; problems throw. */
export function objectsFromYaml(yaml: string): MeshObject[] {
  const { objects, problems } = parseText(yaml, 'change.yaml');
  if (problems.length > 0) throw new Error(`the YAML does not load: ${problems.map((p) => p.message).join('; ')}`);
  return objects;
}

/** Runs `use` on a temp copy of the demo plus `extra` files (name → YAML text); the copy is removed after. */
export async function withDemoCopy<T>(extra: Readonly<Record<string, string>>, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-demo-'));
  try {
    cpSync(demoPath(), dir, { recursive: true });
    for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
