// `meshlock serve`'s work: the console on files, the demo with its lab, or a cluster, listening on one port.
// Loaded only when serve runs, so other commands start without the server, the lab and their libraries.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ServerOptions } from '../../server/create-server.js';
import type { MeshStates } from '../../server/mesh-states.js';
import { FileSource } from '../../sources/files/file-source.js';
import { LiveMesh } from '../../sources/live-mesh.js';
import { describeError } from '../../sources/kube/api-error.js';
import type { ClusterChoice } from '../../sources/kube/kube-config.js';
import type { AuthMode } from '../../sources/kube/auth-modes.js';
import { CliExit, type CliIo } from '../io.js';
import { prometheusSource } from '../prometheus-flag.js';
import { clusterChoice, demoPath, packageRoot, printProblems } from '../source.js';
import { DEFAULT_PORT, networkOptions, type NetworkFlags, type NetworkOptions } from './serve-network.js';

export interface ConsoleOptions extends NetworkFlags {
  readonly paths: readonly string[];
  readonly demo?: boolean;
  readonly port?: number;
  readonly host?: string;
  readonly viewOnly?: boolean;
  /** With --demo, run the lab on the served copy (default true): saves reconfigure it live. */
  readonly lab?: boolean;
  /** Observed traffic (graph, readiness, what-if) from this Prometheus instead of the lab's store. */
  readonly prometheus?: string;
  readonly cwd: string;
  /** The built web app to serve (default dist/web); tests pass one built from the sources. */
  readonly webRoot?: string;
  /** A live cluster instead of files: `--kubeconfig FILE [--context NAME]` or `--in-cluster`. */
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly inCluster?: boolean;
  /** Whose identity reads and writes the cluster (default anonymous: meshlock's own). */
  readonly auth?: AuthMode;
  /** With `--auth header`: the header the trusted proxy sets (default X-Forwarded-Access-Token). */
  readonly authHeader?: string;
  /** Where the kubectl-plugin default comes from; tests pass their own. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunningConsole {
  readonly url: string;
  readonly app: FastifyInstance;
  /**
   * The files served once they are read, their load problems printed by then; undefined for a cluster. The
   * console listens before it reads files, so this can settle after the URL is known. Rejects when they
   * cannot be read.
   */
  readonly loaded: Promise<FileSource | undefined>;
  /** Where the demo copy lives (edits go there), for --demo. */
  readonly demoCopy: string | undefined;
  /** The lab's /metrics and API, when it runs. */
  readonly labUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * Starts the API and web app on SOURCE, and listens. `--demo` serves a temporary copy of the demo mesh, so
 * the console can edit it without touching the files meshlock ships with. Files are read after the server
 * listens (requests wait for them), except for the demo's lab, which starts on them before the server.
 */
export async function startConsole(options: ConsoleOptions, io: Pick<CliIo, 'err'>): Promise<RunningConsole> {
  const cluster = clusterChoice(options, options.paths, options.env);
  if (cluster) return startClusterConsole(options, cluster, io);
  if (options.auth !== undefined || options.authHeader !== undefined) throw new CliExit(2, '--auth and --auth-header are for a cluster: add --kubeconfig FILE, --context NAME or --in-cluster');
  if (options.demo && options.paths.length > 0) throw new CliExit(2, 'give either --demo or paths, not both');
  if (!options.demo && options.paths.length === 0) throw new CliExit(2, 'no SOURCE: give YAML files or directories, --demo for the built-in demo mesh, or --kubeconfig FILE for a cluster');
  const server = loadServer();
  const network = await networkOptions(options, 'none', { err: io.err, cwd: options.cwd });
  // Everything started so far, stopped in reverse order on close or when a later step fails.
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const demoCopy = options.demo ? await mkdtemp(join(tmpdir(), 'meshlock-demo-')) : undefined;
    if (demoCopy) {
      stops.push(() => rm(demoCopy, { recursive: true, force: true }));
      await cp(demoPath(), demoCopy, { recursive: true });
    }
    const description = demoCopy ? `the demo mesh (a temporary copy in ${demoCopy})` : options.paths.join(', ');
    const opening = readFiles(demoCopy ? [demoCopy] : options.paths, demoCopy ?? options.cwd, { viewOnly: options.viewOnly, description }, io);
    let opened: { source: FileSource; live: LiveMesh } | undefined;
    opening.then((read) => (opened = read)).catch(() => undefined);
    // Closed after the server (stops run in reverse). A read still under way cannot be cut short: it is closed
    // when it ends, without holding up the stop, so a port in use or Ctrl+C is told before the read ends.
    stops.push(async () => {
      const close = async ({ source, live }: { source: FileSource; live: LiveMesh }) => {
        live.close();
        await source.close();
      };
      if (opened) await close(opened);
      else void opening.then(close).catch(() => undefined);
    });
    if (demoCopy && (options.lab ?? true)) {
      // The lab runs on the store and gives the server its observed traffic, so it starts first.
      const { source, live } = await opening;
      const lab = await (await import('./demo-lab.js')).startDemoLab(live, io);
      stops.push(() => lab.session.stop());
      const { app, url } = await listen(await server, live, options, stops, { ...lab.observed, ...network });
      return { url, app, loaded: Promise.resolve(source), demoCopy, labUrl: lab.session.url, close: stopAll };
    }
    const { loadingState } = await import('../../server/mesh-states.js');
    const { app, url } = await listen(await server, loadingState(opening.then(({ live }) => live), description), options, stops, network);
    const loaded = opening.then(({ source }) => source);
    // Whoever holds the console hears a failed read through `loaded`; it is never an unhandled rejection.
    loaded.catch(() => undefined);
    return { url, app, loaded, demoCopy, labUrl: undefined, close: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** SOURCE's files read into the one store of the process (the console, the lab and the event stream read the same revisions), their problems printed. */
async function readFiles(paths: readonly string[], cwd: string, options: { viewOnly?: boolean; description: string }, io: Pick<CliIo, 'err'>): Promise<{ source: FileSource; live: LiveMesh }> {
  const source = await FileSource.open(paths, cwd, options);
  const live = new LiveMesh(source);
  printProblems(live.current, io);
  return { source, live };
}

/**
 * The console on a live cluster: it starts listening at once and syncs in the background; the masthead and
 * /healthz show the connection state meanwhile, and requests wait for the first sync.
 */
async function startClusterConsole(options: ConsoleOptions, choice: ClusterChoice, io: Pick<CliIo, 'err'>): Promise<RunningConsole> {
  if (options.demo || options.paths.length > 0) throw new CliExit(2, 'give one SOURCE: paths, --demo, or a cluster (--kubeconfig/--context/--in-cluster)');
  if (options.authHeader !== undefined && options.auth !== 'header') throw new CliExit(2, '--auth-header goes with --auth header');
  const network = await networkOptions(options, options.auth ?? 'anonymous', { err: io.err, cwd: options.cwd });
  // The Kubernetes client is loaded only for a cluster: files and the demo start without it.
  const [{ clusterStates }, { KubeConfigError, loadKubeConfig }] = await Promise.all([import('../../server/cluster-states.js'), import('../../sources/kube/kube-config.js')]);
  let states: MeshStates;
  try {
    states = clusterStates({ kubeConfig: loadKubeConfig(choice), auth: options.auth ?? 'anonymous', authHeader: options.authHeader, viewOnly: options.viewOnly });
  } catch (error) {
    throw new CliExit(2, error instanceof KubeConfigError ? error.message : `cannot use the kubeconfig: ${describeError(error)}`);
  }
  const stops: (() => Promise<void>)[] = [() => states.close()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const { app, url } = await listen(await loadServer(), states, options, stops, network);
    return { url, app, loaded: Promise.resolve(undefined), demoCopy: undefined, labUrl: undefined, close: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The server's modules: Fastify and its plugins take a few hundred milliseconds to load, which pass while
 * the files are read when their loading starts first.
 */
function loadServer(): Promise<typeof import('../../server/create-server.js')> {
  const loading = import('../../server/create-server.js');
  // Awaited only after the files are read; a failure to read them must not leave this rejection unheard.
  loading.catch(() => undefined);
  return loading;
}

/** The server on `source`, listening; its close joins `stops`. */
async function listen(
  { createServer }: typeof import('../../server/create-server.js'),
  mesh: LiveMesh | MeshStates,
  options: ConsoleOptions,
  stops: (() => Promise<void>)[],
  observed: Pick<ServerOptions, 'traffic' | 'certificates'> & NetworkOptions,
): Promise<{ app: FastifyInstance; url: string }> {
  const version = (JSON.parse(await readFile(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  const host = options.host ?? '127.0.0.1';
  const traffic = options.prometheus === undefined ? observed.traffic : prometheusSource(options.prometheus);
  const app = await createServer({ mesh, webRoot: options.webRoot ?? join(packageRoot(), 'dist', 'web'), host, version, ...observed, traffic });
  stops.push(() => app.close());
  const port = options.port ?? DEFAULT_PORT;
  await app.listen({ port, host }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliExit(2, code === 'EADDRINUSE' ? `port ${port} is in use; pick another with --port` : `cannot listen on ${host}: ${code ?? String(error)}`);
  });
  const address = app.server.address();
  return { app, url: `${observed.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : port}/` };
}
