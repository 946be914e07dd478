// `npm run load [-- --seconds N --clients N]`: `serve --demo` (its own process, loopback, a free port) under
// 200 concurrent clients for 60 s: polling /api/status, polling /api/graph, and holding /api/events streams
// open, as a team with the console open on the graph page would. Prints latencies per route, errors and the
// server's RSS as JSON, then stops the server. The quality bar: no errors, and /api/status p99 ≤ 100 ms while
// the graph is busy.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/cli/source.js';
import { round } from './measure.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, clients: { type: 'string', default: '200' } } });
const seconds = Number(values.seconds);
const clients = Number(values.clients);
if (!(seconds > 0) || !(clients >= 3)) throw new Error('--seconds must be positive and --clients at least 3');

/** Clients per kind: the streams are a tenth, the rest poll status and the graph half and half. */
const streams = Math.max(1, Math.round(clients / 10));
const pollers = clients - streams;

const server = spawn(process.execPath, [join(packageRoot(), 'bin', 'meshlock.js'), 'serve', '--demo', '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'inherit'] });
const rssMb = () => {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return round(Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024);
};

async function consoleUrl(): Promise<string> {
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve --demo did not start in 60 s:\n${out}`)), 60_000);
    server.once('exit', (code) => reject(new Error(`serve --demo exited with ${code}:\n${out}`)));
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /meshlock console: (http:\/\/\S+?)\/?\n/.exec(out)?.[1];
      if (url && out.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve(url);
      }
    });
  });
}

interface RouteFigures {
  requests: number;
  errors: number;
  latencies: number[];
  firstError?: string;
}

const figures: Record<string, RouteFigures> = {};
const record = (route: string, ms: number, error?: string) => {
  const f = (figures[route] ??= { requests: 0, errors: 0, latencies: [] });
  f.requests++;
  f.latencies.push(ms);
  if (error) {
    f.errors++;
    f.firstError ??= error;
  }
};

/** Plain node:http with kept-alive connections: the load generator must cost the shared CPU little. */
const agent = new Agent({ keepAlive: true, maxSockets: clients });

function getOnce(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    }).on('error', reject);
  });
}

async function poll(base: string, path: string, until: number): Promise<void> {
  while (performance.now() < until) {
    const started = performance.now();
    try {
      const status = await getOnce(base + path);
      record(path, performance.now() - started, status === 200 ? undefined : `HTTP ${status}`);
    } catch (error) {
      record(path, performance.now() - started, error instanceof Error ? error.message : String(error));
    }
  }
}

async function stream(base: string, until: number): Promise<void> {
  const started = performance.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), Math.max(0, until - performance.now()));
  try {
    const response = await fetch(`${base}/api/events`, { signal: abort.signal });
    if (!response.ok || !response.body) return record('/api/events', performance.now() - started, `HTTP ${response.status}`);
    for await (const chunk of response.body) void chunk;
    // The stream ended before the run did: the server dropped it.
    record('/api/events', performance.now() - started, 'the stream ended early');
  } catch (error) {
    const aborted = error instanceof Error && error.name === 'AbortError';
    record('/api/events', performance.now() - started, aborted ? undefined : String(error));
  } finally {
    clearTimeout(timer);
  }
}

const percentile = (sorted: number[], p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0);

try {
  const base = await consoleUrl();
  // The lab's telemetry fills the graph; give it a few seconds of traffic first.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const rssStart = rssMb();
  const until = performance.now() + seconds * 1000;
  let peak = rssStart;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 1_000);
  await Promise.all([
    ...Array.from({ length: streams }, () => stream(base, until)),
    ...Array.from({ length: pollers }, (_, i) => poll(base, i % 2 === 0 ? '/api/status' : '/api/graph', until)),
  ]);
  clearInterval(sampler);
  agent.destroy();
  const routes = Object.fromEntries(
    Object.entries(figures).map(([route, f]) => {
      const sorted = [...f.latencies].sort((a, b) => a - b);
      const timing = route === '/api/events' ? {} : { p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: round(sorted.at(-1) ?? 0) };
      return [route, { requests: f.requests, errors: f.errors, ...timing, ...(f.firstError && { firstError: f.firstError }) }];
    }),
  );
  const errors = Object.values(figures).reduce((n, f) => n + f.errors, 0);
  const statusP99 = (routes['/api/status'] as { p99Ms?: number } | undefined)?.p99Ms ?? Infinity;
  const report = {
    scenario: `serve --demo, ${clients} clients for ${seconds} s: ${Math.ceil(pollers / 2)} polling /api/status, ${Math.floor(pollers / 2)} polling /api/graph, ${streams} holding /api/events`,
    node: process.version,
    routes,
    errors,
    serverRssMb: { start: rssStart, peak, end: rssMb() },
    limits: { statusP99Ms: 100, errors: 0, withinLimits: errors === 0 && statusP99 <= 100 },
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}
