import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { startLabSession, type LabSession } from '../../lab/session.js';
import { readCallGraph } from '../../lab/traffic.js';
import { createServer } from '../../server/create-server.js';
import { FileSource } from '../../sources/files/file-source.js';
import { CliExit, type CliIo } from '../io.js';
import { labTelemetry } from '../lab-telemetry.js';
import { demoPath, formatProblem, packageRoot } from '../source.js';

export interface ConsoleOptions {
  readonly paths: readonly string[];
  readonly demo?: boolean;
  readonly port?: number;
  readonly host?: string;
  readonly viewOnly?: boolean;
  /** With --demo, run the lab on the served copy (default true): saves reconfigure it live. */
  readonly lab?: boolean;
  readonly cwd: string;
}

export interface RunningConsole {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly source: FileSource;
  /** Where the demo copy lives (edits go there), for --demo. */
  readonly demoCopy: string | undefined;
  /** The lab's /metrics and API, when it runs. */
  readonly labUrl: string | undefined;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 20001;
const DEMO_RATE_PER_SECOND = 10;
const DAY_MS = 24 * 3600_000;

/** The lab on the demo copy: it watches that directory, so every save in the console reconfigures it. */
async function startDemoLab(source: FileSource, directory: string, io: Pick<CliIo, 'err'>): Promise<LabSession> {
  return startLabSession({
    snapshot: source.current().snapshot,
    watch: [directory],
    cwd: directory,
    host: '127.0.0.1',
    port: 0,
    callGraph: await readCallGraph(join(packageRoot(), 'fixtures', 'demo-call-graph.json')),
    ratePerSecond: DEMO_RATE_PER_SECOND,
    certLifetimeMs: DAY_MS,
    declaredPorts: true,
    onReload: (result) => {
      if ('error' in result) io.err(`meshlock lab: reload failed: ${result.error.message}\n`);
    },
  });
}

/**
 * Opens SOURCE, starts the API and web app, and listens. `--demo` serves a temporary copy of the demo mesh,
 * so the console can edit it without touching the files meshlock ships with.
 */
export async function startConsole(options: ConsoleOptions, io: Pick<CliIo, 'err'>): Promise<RunningConsole> {
  if (options.demo && options.paths.length > 0) throw new CliExit(2, 'give either --demo or paths, not both');
  if (!options.demo && options.paths.length === 0) throw new CliExit(2, 'no SOURCE: give YAML files or directories, or --demo for the built-in demo mesh');
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
    for (const problem of source.current().snapshot.problems) io.err(formatProblem(problem) + '\n');
    const version = (JSON.parse(await readFile(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
    const host = options.host ?? '127.0.0.1';
    const lab = demoCopy && (options.lab ?? true) ? await startDemoLab(source, demoCopy, io) : undefined;
    if (lab) stops.push(() => lab.stop());
    const app = await createServer({ source, webRoot: join(packageRoot(), 'dist', 'web'), host, version, telemetry: lab && labTelemetry(lab.lab) });
    stops.push(() => app.close());
    const port = options.port ?? DEFAULT_PORT;
    await app.listen({ port, host }).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliExit(2, code === 'EADDRINUSE' ? `port ${port} is in use; pick another with --port` : `cannot listen on ${host}: ${code ?? String(error)}`);
    });
    const address = app.server.address();
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : port}/`,
      app,
      source,
      demoCopy,
      labUrl: lab?.url,
      close: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
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
    .option('--port <N>', `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`, portNumber)
    .option('--host <H>', 'address to bind (default 127.0.0.1: only this machine can connect)')
    .option('--view-only', 'refuse every edit; the console shows a read-only banner')
    .option('--no-lab', 'with --demo, serve the demo files without running the lab')
    .action(async (paths: string[], flags: { demo?: boolean; port?: number; host?: string; viewOnly?: boolean; lab: boolean }) => {
      const running = await startConsole({ paths, ...flags, cwd: io.cwd }, io);
      io.out(`meshlock console: ${running.url}\n`);
      if (running.demoCopy) io.out(`Serving the demo mesh from ${running.demoCopy}; edits go to that copy.\n`);
      if (running.labUrl) io.out(`The lab runs it with real mTLS and applies every save: metrics ${running.labUrl}/metrics, probe with \`meshlock lab probe --lab ${running.labUrl} --from outside --to travels.travel-agency:8000\`.\n`);
      if (running.source.readOnlyReason) io.out(`Read-only: ${running.source.readOnlyReason}.\n`);
      io.out('Press Ctrl+C to stop.\n');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await running.close();
    });
}
