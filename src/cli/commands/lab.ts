import { existsSync, statSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { isLoopbackHost } from '../../net/host-names.js';
import { parseDuration } from '../../lab/duration.js';
import { formatProbe, type ProbeResult } from '../../lab/probe.js';
import { readCallGraph, type CallGraphEdge } from '../../lab/traffic.js';
import { CliExit, type CliIo } from '../io.js';
import { FileSource } from '../../sources/files/file-source.js';
import { LiveMesh } from '../../sources/live-mesh.js';
import { demoPath, packageRoot, printProblems } from '../source.js';
import { formatTable } from '../table.js';

export const DEFAULT_LAB_LISTEN = '127.0.0.1:15090';
const MIN_CERT_LIFETIME_MS = 60_000;

interface LabFlags {
  demo?: boolean;
  listen: string;
  rate: number;
  callGraph?: string;
  certLifetime: string;
  duration?: string;
  anyPort?: boolean;
}

interface ProbeFlags {
  lab: string;
  from: string;
  to: string;
  endpoint?: string;
  timeout: string;
  output: 'text' | 'json';
}

const DEFAULT_PROBE_TIMEOUT = '5s';

function parseRate(value: string): number {
  const rate = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || rate > 10_000) throw new CliExit(2, `--rate must be a number of requests per second from 0 to 10000, got ${value}`);
  return rate;
}

function duration(flag: string, value: string, minimum = 0): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms < minimum) throw new CliExit(2, `${flag} must be a duration like 90s, 30m or 24h${minimum ? ` (at least ${minimum / 1000}s)` : ''}, got ${value}`);
  return ms;
}

function listenAddress(value: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(value);
  const port = Number(match?.[2]);
  if (!match?.[1] || port > 65535) throw new CliExit(2, `--listen must be HOST:PORT, got ${value}`);
  const host = match[1].replace(/^\[|\]$/g, '');
  if (!isLoopbackHost(host)) throw new CliExit(2, `--listen ${value}: the lab listens only on loopback addresses (127.0.0.1, ::1, localhost)`);
  return { host, port };
}

/** The call graph: --call-graph, else the demo's, else call-graph.json in a SOURCE directory. */
async function callGraphFor(flags: LabFlags, demo: boolean, paths: readonly string[], cwd: string): Promise<CallGraphEdge[]> {
  let file = flags.callGraph ? resolve(cwd, flags.callGraph) : undefined;
  if (!file && demo) file = join(packageRoot(), 'fixtures', 'demo-call-graph.json');
  if (!file) file = paths.map((p) => resolve(cwd, p, 'call-graph.json')).find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  if (!file) return [];
  try {
    return await readCallGraph(file);
  } catch (error) {
    throw new CliExit(2, `--call-graph: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Resolves on Ctrl-C, SIGTERM or after `ms`; removes its handlers so nothing lingers. */
function untilStopped(ms: number | undefined): Promise<string> {
  return new Promise((resolve) => {
    const finish = (reason: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      clearTimeout(timer);
      resolve(reason);
    };
    const onSignal = (signal: NodeJS.Signals) => finish(signal);
    const timer = ms === undefined ? undefined : setTimeout(() => finish('duration'), ms);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export function labCommand(program: Command, io: CliIo): void {
  const lab = program
    .command('lab')
    .description(
      'run the mesh on this machine: each workload on its own 127.0.0.x address behind a sidecar that enforces the current\n' +
        'configuration with real TLS handshakes, traffic along the call graph, and Istio\'s standard metrics at /metrics',
    )
    .argument('[SOURCE...]', 'YAML/JSON files or directories, watched: saving them reconfigures the lab (none: the demo mesh)')
    .option('--demo', 'the built-in demo mesh (the travel agency of the Kiali labs); the default without SOURCE')
    .option('--listen <HOST:PORT>', 'loopback address of /metrics and the lab API (port 0: any free port)', DEFAULT_LAB_LISTEN)
    .option('--rate <N>', 'generated requests per second, in total, shared by the call-graph edges (0: none)', parseRate, 10)
    .option('--call-graph <FILE>', 'who calls whom, JSON [{"from":"NS/WORKLOAD","to":"HOST:PORT"}]; default: the demo\'s, or call-graph.json in a SOURCE directory')
    .option('--cert-lifetime <DURATION>', 'workload certificate lifetime, rotated at half-life like Istio (e.g. 24h, 30m; at least 1m)', '24h')
    .option('--duration <DURATION>', 'stop by itself after this long (default: until Ctrl-C)')
    .option('--any-port', 'bind workload ports on free port numbers instead of their own (their own is used when free)')
    .addHelpText(
      'after',
      '\nThe lab API on --listen: GET /metrics, GET /api/lab, GET /api/certificates, GET|PUT|DELETE /api/config[/KIND/NS/NAME],\n' +
        'POST /api/probe, GET /api/traffic, GET /api/telemetry. Ctrl-C stops everything.\n\n' +
        'Examples:\n' +
        '  meshlock lab                                   # the demo at 10 requests/s, metrics at http://127.0.0.1:15090/metrics\n' +
        '  meshlock lab ./mesh --rate 50 --cert-lifetime 10m\n' +
        '  meshlock lab probe --from outside --to travels.travel-agency:8000\n',
    )
    .action(async (paths: string[], flags: LabFlags) => {
      const listen = listenAddress(flags.listen);
      const certLifetimeMs = duration('--cert-lifetime', flags.certLifetime, MIN_CERT_LIFETIME_MS);
      const stopAfter = flags.duration === undefined ? undefined : duration('--duration', flags.duration, 1);
      const demo = flags.demo === true || paths.length === 0;
      const callGraph = await callGraphFor(flags, demo, paths, io.cwd);
      // The demo runs from a temporary copy, so the lab API can change it without touching the files meshlock ships.
      const demoCopy = demo ? await mkdtemp(join(tmpdir(), 'meshlock-lab-demo-')) : undefined;
      if (demoCopy) await cp(demoPath(), demoCopy, { recursive: true });
      const removeCopy = async () => {
        if (demoCopy) await rm(demoCopy, { recursive: true, force: true });
      };
      const source = await FileSource.open(demoCopy ? [demoCopy] : paths, demoCopy ?? io.cwd, { description: demo ? 'the demo mesh' : paths.join(', ') });
      const live = new LiveMesh(source);
      const close = async () => {
        live.close();
        await source.close();
        await removeCopy();
      };
      printProblems(live.current, io);
      if (live.current.snapshot.objects.length === 0) {
        await close();
        throw new CliExit(2, `nothing usable was read from ${paths.join(', ') || 'the demo'}`);
      }
      // Each later load problem once, when its file changes: the lab keeps running what still loads.
      live.onRevision(({ revision }) => {
        printProblems(revision, io);
        io.err(`meshlock lab: revision ${revision.number}, ${revision.snapshot.objects.length} objects\n`);
      });
      // The lab (its CA and TLS libraries) is loaded when it starts, not for every command.
      const { startLabSession } = await import('../../lab/session.js');
      const session = await startLabSession({
        live,
        host: listen.host,
        port: listen.port,
        callGraph,
        ratePerSecond: flags.rate,
        certLifetimeMs,
        declaredPorts: flags.anyPort !== true,
        onError: (error) => io.err(`meshlock lab: cannot run the new configuration: ${error.message}\n`),
      }).catch(async (error: unknown) => {
        await close();
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliExit(2, code === 'EADDRINUSE' ? `${flags.listen} is in use; pick another with --listen` : error instanceof Error ? error.message : String(error));
      });
      const rows = session.lab.listenerInfo().map((l) => {
        const workload = session.lab.workloads().find((w) => w.key === l.workload);
        const port = workload?.ports.find((p) => p.targetPort === l.targetPort);
        return [l.workload, workload?.workload.dataplane ?? '-', String(l.targetPort), `${l.address}:${l.port}`, port?.app ?? '-', workload && port ? session.lab.serverMode(workload, port) : '-'];
      });
      // HBONE listeners and waypoints: where ambient traffic is tunnelled.
      const tunnels = [
        ...session.lab.hboneInfo().map((l) => [l.workload, session.lab.workloads().find((w) => w.key === l.workload)?.workload.dataplane ?? '-', 'hbone', `${l.address}:${l.port}`, 'h2', '-']),
        ...session.lab.waypointInfo().map((w) => [w.key, 'waypoint', 'hbone', `${w.hbone.host}:${w.hbone.port}`, 'h2', '-']),
      ];
      io.out(formatTable(['WORKLOAD', 'DATA PLANE', 'PORT', 'LISTENS ON', 'PROTOCOL', 'MODE NOW'], [...rows, ...tunnels]));
      io.out(
        `\nmeshlock lab: ${rows.length} workload ports, ${callGraph.length} call-graph edges at ${flags.rate} requests/s\n` +
          `  metrics  ${session.url}/metrics\n  api      ${session.url}/api/lab\n` +
          `  probe    meshlock lab probe --lab ${session.url} --from outside --to HOST:PORT\n` +
          `Ctrl-C stops the lab.\n`,
      );
      const reason = await untilStopped(stopAfter);
      await session.stop();
      await close();
      io.out(`meshlock lab: stopped (${reason})\n`);
    });

  lab
    .command('probe')
    .description('one request through a running lab, like curl from a pod: prints the HTTP status, or the failure as the caller sees it')
    .requiredOption('--from <CLIENT>', '"outside" (a client with no sidecar, outside the mesh) or NAMESPACE/WORKLOAD')
    .requiredOption('--to <HOST:PORT>', 'service host (FQDN, name.namespace, or a short name in the caller\'s namespace) and service port')
    .option('--endpoint <NS/WORKLOAD>', 'the endpoint workload, when the service has several (default: round robin)')
    .option('--lab <URL>', 'the running lab (its --listen address)', `http://${DEFAULT_LAB_LISTEN}`)
    .option('--timeout <DURATION>', 'give up when the lab has not answered after this long', DEFAULT_PROBE_TIMEOUT)
    .addOption(new Option('-o, --output <FORMAT>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExit code: 0 when the request succeeded, 1 when it failed, 2 when the lab could not be asked.\n')
    .action(async (flags: ProbeFlags) => {
      const result = await askLab(flags, duration('--timeout', flags.timeout, 1));
      io.out(flags.output === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatProbe(result));
      if (!result.ok) throw new CliExit(1);
    });
}

/** A probe answer has these fields whatever else a future lab adds. */
function isProbeResult(value: unknown): value is ProbeResult {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const destination = v.destination as Record<string, unknown> | null | undefined;
  return typeof v.ok === 'boolean' && typeof v.source === 'string' && typeof v.responseFlags === 'string' && typeof destination?.host === 'string' && typeof destination.port === 'number';
}

/** POST /api/probe with a deadline; everything but a lab's answer is exit 2 with what was found instead. */
async function askLab(flags: ProbeFlags, timeoutMs: number): Promise<ProbeResult> {
  const where = `the lab at ${flags.lab}`;
  let response: Response;
  let text: string;
  try {
    response = await fetch(new URL('/api/probe', flags.lab), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: flags.from, to: flags.to, ...(flags.endpoint !== undefined && { endpoint: flags.endpoint }) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') throw new CliExit(2, `${where} did not answer within ${flags.timeout} (raise it with --timeout)`);
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    throw new CliExit(2, `cannot reach ${where}: ${cause}; start it with \`meshlock lab\``);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new CliExit(2, `${where} answered HTTP ${response.status} with ${text.trim() ? type : 'an empty body'}, not a lab's JSON; is --lab the address \`meshlock lab\` printed?`);
  }
  const message = typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string' ? body.error : undefined;
  if (!response.ok && message) throw new CliExit(2, `${where} refused the probe (HTTP ${response.status}): ${message}`);
  if (!response.ok || !isProbeResult(body)) {
    throw new CliExit(2, `${where} answered HTTP ${response.status} with JSON that is not a probe result; is --lab the address \`meshlock lab\` printed?`);
  }
  return body;
}
