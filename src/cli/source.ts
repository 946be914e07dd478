// SOURCE for every command: files and directories, --demo, or a live cluster (--kubeconfig, --context,
// --in-cluster; as `kubectl meshlock`, the default kubeconfig).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MeshStore, type MeshRevision, type Problem, type SourceContents, type StoreOptions } from '../core/index.js';
import { FileSource } from '../sources/files/file-source.js';
import { revisionProblem } from '../reports/validation.js';
import { describeError } from '../sources/kube/api-error.js';
import type { ClusterChoice } from '../sources/kube/kube-config.js';
import type { KubeSource } from '../sources/kube/kube-source.js';
import { CliExit, type CliIo } from './io.js';

export interface SourceOptions {
  demo?: boolean;
  kubeconfig?: string;
  context?: string;
  inCluster?: boolean;
}

/** Set by bin/kubectl-meshlock: run as a kubectl plugin, a command without SOURCE reads the current cluster. */
export const KUBECTL_PLUGIN_ENV = 'MESHLOCK_KUBECTL_PLUGIN';

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

type Placed = Pick<Problem, 'message'> & { readonly file?: string | null; readonly line?: number | null; readonly column?: number | null };

export function formatProblem(problem: Placed): string {
  const where = problem.file ? `${problem.file}${problem.line ? `:${problem.line}:${problem.column ?? 1}` : ''}: ` : '';
  return `${where}error: ${problem.message}`;
}

/** Every load problem of the revision on stderr, each at its file and line. */
export function printProblems(revision: MeshRevision, io: Pick<CliIo, 'err'>): void {
  for (const problem of revision.snapshot.problems) io.err(formatProblem(revisionProblem(revision, problem)) + '\n');
}

/** The cluster SOURCE names, if any: its flags, or (as `kubectl meshlock`) the current context when nothing else is given. */
export function clusterChoice(options: SourceOptions, paths: readonly string[], env: NodeJS.ProcessEnv = process.env): ClusterChoice | undefined {
  const asked = options.kubeconfig !== undefined || options.context !== undefined || options.inCluster === true;
  if (!asked && (paths.length > 0 || options.demo || env[KUBECTL_PLUGIN_ENV] !== '1')) return undefined;
  return { ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}), ...(options.context !== undefined ? { context: options.context } : {}), inCluster: options.inCluster === true };
}

export interface OpenOptions {
  /** What the store validates with (`validate --ignore`). */
  readonly store?: StoreOptions;
  /** Answer even when nothing usable was read (`validate` reports why, then exits 2 itself). */
  readonly allowEmpty?: boolean;
  /** The command reports load problems itself (`validate`), so they are not printed to stderr. */
  readonly problemsInReport?: boolean;
}

/**
 * Reads SOURCE once, as one revision of a store (the same path the console takes), and prints every load
 * problem to stderr. Exits 2 only when nothing usable was read, so one broken file never hides the rest.
 */
export async function openSource(paths: readonly string[], options: SourceOptions, io: CliIo, env: NodeJS.ProcessEnv = process.env, open: OpenOptions = {}): Promise<MeshRevision> {
  const cluster = clusterChoice(options, paths, env);
  const given = [options.demo === true, paths.length > 0, cluster !== undefined].filter(Boolean).length;
  if (given > 1) throw new CliExit(2, 'give one SOURCE: paths, --demo, or a cluster (--kubeconfig/--context/--in-cluster)');
  if (given === 0) throw new CliExit(2, 'no SOURCE: give YAML files or directories, --demo for the built-in demo mesh, or --kubeconfig FILE for a cluster');
  const contents = cluster ? await readCluster(cluster, io) : await readFiles(options.demo ? [demoPath()] : paths, options.demo ? packageRoot() : io.cwd);
  const revision = new MeshStore(contents, open.store).current;
  if (!open.problemsInReport) printProblems(revision, io);
  if (revision.snapshot.objects.length === 0 && !open.allowEmpty) {
    throw new CliExit(2, `nothing usable was read from ${cluster ? 'the cluster' : paths.join(', ') || 'the demo'}`);
  }
  return revision;
}

async function readFiles(paths: readonly string[], cwd: string): Promise<SourceContents> {
  const source = await FileSource.open(paths, cwd, { watch: false, viewOnly: true });
  await source.close();
  return source.contents();
}

/** One consistent list of everything the engine reads; no watches, since the command ends right after. */
async function readCluster(choice: ClusterChoice, io: CliIo): Promise<SourceContents> {
  // The Kubernetes client is loaded only for a cluster: commands on files start without it.
  const [{ KubeSource }, { KubeConfigError, loadKubeConfig }] = await Promise.all([import('../sources/kube/kube-source.js'), import('../sources/kube/kube-config.js')]);
  let source: KubeSource;
  try {
    source = new KubeSource({ kubeConfig: loadKubeConfig(choice), watch: false, maxListAttempts: 3, backoff: { initialMs: 200, maxMs: 2_000 } });
  } catch (error) {
    throw new CliExit(2, error instanceof KubeConfigError ? error.message : `cannot use the kubeconfig: ${describeError(error)}`);
  }
  try {
    await source.ready();
  } catch (error) {
    throw new CliExit(2, describeError(error));
  } finally {
    await source.close();
  }
  const status = source.status();
  for (const left of status.forbiddenNamespaces) io.err(`warning: namespace ${left.namespace} is left out: ${left.reason}\n`);
  for (const resource of status.resources) {
    if (resource.state === 'forbidden') io.err(`warning: ${resource.kind} cannot be read: ${resource.message ?? 'forbidden'}\n`);
  }
  if (status.resources.find((r) => r.kind === 'PeerAuthentication')?.state === 'absent') {
    io.err(`warning: ${status.source} serves no Istio security API; is Istio installed?\n`);
  }
  return source.contents();
}
