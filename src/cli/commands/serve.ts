import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { startLabSession, type LabSession } from '../../lab/session.js';
import { readCallGraph } from '../../lab/traffic.js';
import { clusterStates } from '../../server/cluster-states.js';
import { createServer, type ServerOptions } from '../../server/create-server.js';
import type { MeshStates } from '../../server/mesh-states.js';
import { FileSource } from '../../sources/files/file-source.js';
import { labCertificateSource } from '../../lab/certificate-source.js';
import { labTrafficSource } from '../../telemetry/embedded/traffic-source.js';
import { LiveMesh } from '../../sources/live-mesh.js';
import { withClientFailures } from '../../telemetry/embedded/client-failures.js';
import { describeError } from '../../sources/kube/api-error.js';
import { KubeConfigError, loadKubeConfig, type ClusterChoice } from '../../sources/kube/kube-config.js';
import { ACCESS_TOKEN_HEADER, AUTH_MODES, type AuthMode } from '../../sources/kube/user-sources.js';
import { CliExit, type CliIo } from '../io.js';
import { PROMETHEUS_FLAG, prometheusSource } from '../prometheus-flag.js';
import { clusterChoice, demoPath, formatProblem, packageRoot } from '../source.js';

export interface ConsoleOptions {
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
  /** The files served; undefined for a cluster. */
  readonly source: FileSource | undefined;
  /** Where the demo copy lives (edits go there), for --demo. */
  readonly demoCopy: string | undefined;
  /** The lab's /metrics and API, when it runs. */
  readonly labUrl: string | undefined;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 20001;
const DEMO_RATE_PER_SECOND = 10;
const DAY_MS = 24 * 3600_000;

/** The lab on the console's own mesh: every revision (a save, a file edit, a lab API write) reconfigures it. */
async function startDemoLab(live: LiveMesh, io: Pick<CliIo, 'err'>): Promise<LabSession> {
  return startLabSession({
    live,
    host: '127.0.0.1',
    port: 0,
    callGraph: await readCallGraph(join(packageRoot(), 'fixtures', 'demo-call-graph.json')),
    ratePerSecond: DEMO_RATE_PER_SECOND,
    certLifetimeMs: DAY_MS,
    declaredPorts: true,
    onError: (error) => io.err(`meshlock lab: cannot run the new configuration: ${error.message}\n`),
  });
}

/**
 * Opens SOURCE, starts the API and web app, and listens. `--demo` serves a temporary copy of the demo mesh,
 * so the console can edit it without touching the files meshlock ships with.
 */
export async function startConsole(options: ConsoleOptions, io: Pick<CliIo, 'err'>): Promise<RunningConsole> {
  const cluster = clusterChoice(options, options.paths, options.env);
  if (cluster) return startClusterConsole(options, cluster);
  if (options.auth !== undefined || options.authHeader !== undefined) throw new CliExit(2, '--auth and --auth-header are for a cluster: add --kubeconfig FILE, --context NAME or --in-cluster');
  if (options.demo && options.paths.length > 0) throw new CliExit(2, 'give either --demo or paths, not both');
  if (!options.demo && options.paths.length === 0) throw new CliExit(2, 'no SOURCE: give YAML files or directories, --demo for the built-in demo mesh, or --kubeconfig FILE for a cluster');
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
    const source = await FileSource.open(demoCopy ? [demoCopy] : options.paths, demoCopy ?? options.cwd, {
      viewOnly: options.viewOnly,
      description: demoCopy ? `the demo mesh (a temporary copy in ${demoCopy})` : options.paths.join(', '),
    });
    stops.push(() => source.close());
    // One store for the process: the console, the lab and the event stream read the same revisions.
    const live = new LiveMesh(source);
    stops.push(async () => live.close());
    for (const problem of live.current.snapshot.problems) io.err(formatProblem(problem) + '\n');
    const lab = demoCopy && (options.lab ?? true) ? await startDemoLab(live, io) : undefined;
    if (lab) stops.push(() => lab.stop());
    const observed = lab ? { traffic: withClientFailures(labTrafficSource(lab.lab.telemetry), lab.lab.telemetry), certificates: labCertificateSource(lab.lab) } : {};
    const { app, url } = await listen(live, options, stops, observed);
    return { url, app, source, demoCopy, labUrl: lab?.url, close: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The console on a live cluster: it starts listening at once and syncs in the background; the masthead and
 * /healthz show the connection state meanwhile, and requests wait for the first sync.
 */
async function startClusterConsole(options: ConsoleOptions, choice: ClusterChoice): Promise<RunningConsole> {
  if (options.demo || options.paths.length > 0) throw new CliExit(2, 'give one SOURCE: paths, --demo, or a cluster (--kubeconfig/--context/--in-cluster)');
  if (options.authHeader !== undefined && options.auth !== 'header') throw new CliExit(2, '--auth-header goes with --auth header');
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
    const { app, url } = await listen(states, options, stops, {});
    return { url, app, source: undefined, demoCopy: undefined, labUrl: undefined, close: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The server on `source`, listening; its close joins `stops`. */
async function listen(
  mesh: LiveMesh | MeshStates,
  options: ConsoleOptions,
  stops: (() => Promise<void>)[],
  observed: Pick<ServerOptions, 'traffic' | 'certificates'>,
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
  return { app, url: `http://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : port}/` };
}

function portNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new CliExit(2, `--port must be a number from 0 to 65535, got ${value}`);
  return Number(value);
}

export function serveCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('the web console and HTTP API on one port: locks, posture, Istio config editor (API documented at /api/openapi.json)')
    .argument('[SOURCE...]', 'YAML/JSON files or directories; edits are written back to them')
    .option('--demo', 'serve a temporary copy of the built-in demo mesh, run by the lab')
    .option('--kubeconfig <FILE>', 'serve a live cluster through this kubeconfig file; changes show within a second, edits go to the API server')
    .option('--context <NAME>', 'the kubeconfig context to use (default: its current context; with no --kubeconfig, the default kubeconfig)')
    .option('--in-cluster', "serve the cluster meshlock runs in, with its pod's service account")
    .addOption(new Option('--auth <MODE>', "with a cluster, whose identity reads and writes it: anonymous (meshlock's own, default), token (each person signs in with a bearer token), header (a trusted proxy forwards the token)").choices([...AUTH_MODES]))
    .option('--auth-header <NAME>', `with --auth header, the header the proxy puts the token in (default ${ACCESS_TOKEN_HEADER}; Authorization: Bearer is also read)`)
    .option('--port <N>', `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`, portNumber)
    .option('--host <H>', 'address to bind (default 127.0.0.1: only this machine can connect)')
    .option('--view-only', 'refuse every edit; the console shows a read-only banner')
    .option('--no-lab', 'with --demo, serve the demo files without running the lab')
    .option(PROMETHEUS_FLAG, 'observed traffic for the graph, readiness and what-if from this Prometheus (Istio standard metrics), instead of the lab\'s own store')
    .action(async (paths: string[], flags: Omit<ConsoleOptions, 'paths' | 'cwd' | 'env'> & { lab: boolean }) => {
      const running = await startConsole({ paths, ...flags, cwd: io.cwd }, io);
      io.out(`meshlock console: ${running.url}\n`);
      if (!running.source) io.out(`Reading the cluster with ${flags.auth === 'token' || flags.auth === 'header' ? "each signed-in person's own token" : "meshlock's own credential"}; the connection state is shown in the console and at ${running.url}healthz.\n`);
      if (running.demoCopy) io.out(`Serving the demo mesh from ${running.demoCopy}; edits go to that copy.\n`);
      if (running.labUrl) io.out(`The lab runs it with real mTLS and applies every save: metrics ${running.labUrl}/metrics, probe with \`meshlock lab probe --lab ${running.labUrl} --from outside --to travels.travel-agency:8000\`.\n`);
      if (running.source?.readOnlyReason) io.out(`Read-only: ${running.source.readOnlyReason}.\n`);
      io.out('Press Ctrl+C to stop.\n');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await running.close();
    });
}
