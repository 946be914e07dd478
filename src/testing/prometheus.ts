// Debian's Prometheus for the graph bench and the telemetry tests (stack.md §3): backfilled from OpenMetrics
// text with promtool, or scraping a target, always on 127.0.0.1 with a free port and a temporary directory,
// with bounded waits, and stopped by its own process. A machine without it fails with the install command.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMTOOL = '/usr/bin/promtool';
const INSTALL = 'apt-get install -y --no-install-recommends prometheus';
const READY_MS = 20_000;
const STOP_MS = 5_000;

export interface OpenMetricsSeries {
  /** Sample name as queried, e.g. istio_requests_total. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** [seconds since the epoch, value], ascending. */
  readonly samples: readonly (readonly [number, number])[];
}

export interface RunningPrometheus {
  readonly url: string;
  /** The last lines Prometheus wrote to stderr, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

function requireBinary(file: string): void {
  if (!existsSync(file)) throw new Error(`${file} is missing: install Debian's Prometheus with \`${INSTALL}\` (npm run test:all does)`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** OpenMetrics text as promtool reads it: one family after the other, timestamps in seconds, `# EOF` last. */
export function openMetrics(series: readonly OpenMetricsSeries[]): string {
  const families = new Map<string, OpenMetricsSeries[]>();
  for (const s of series) families.set(s.name, [...(families.get(s.name) ?? []), s]);
  const lines: string[] = [];
  for (const [name, members] of families) {
    lines.push(`# TYPE ${name} counter`);
    for (const s of members) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${escape(v)}"`)
        .join(',');
      for (const [time, value] of s.samples) lines.push(`${name}{${labels}} ${value} ${time}`);
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

/** Starts Prometheus on TSDB blocks made from `series` (no scraping); query it with an explicit `time=`. */
export async function backfilledPrometheus(series: readonly OpenMetricsSeries[]): Promise<RunningPrometheus> {
  requireBinary(PROMTOOL);
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-prometheus-'));
  try {
    writeFileSync(join(dir, 'samples.om'), openMetrics(series));
    const result = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'samples.om'), join(dir, 'data')], { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`promtool could not backfill (exit ${result.status}): ${(result.stderr || result.stdout || String(result.error)).slice(-2000)}`);
    writeFileSync(join(dir, 'prometheus.yml'), 'global: { scrape_interval: 1m }\n');
    return await start(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Starts Prometheus scraping `targets` (host:port) every second. */
export async function scrapingPrometheus(targets: readonly string[]): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-prometheus-'));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: meshlock\n    static_configs: [{ targets: [${targets.map((t) => `'${t}'`).join(', ')}] }]\n`,
  );
  try {
    return await start(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function start(dir: string): Promise<RunningPrometheus> {
  requireBinary(PROMETHEUS);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=30d', '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, STOP_MS))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited (${child.exitCode}) before it was ready:\n${log}`);
    }
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, log: () => log, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`prometheus was not ready within ${READY_MS / 1000} s:\n${log}`);
}
