// A real Prometheus (the Debian package, as stack.md §3) scrapes the lab's /metrics; the mTLS split that
// Istio's dashboards use (istio-mtls-semantics §5.6) must come back with both policies.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabSession } from './session.js';
import { startDemoLab } from '../testing/demo-lab.js';

const QUERY = 'sum by (connection_security_policy)(rate(istio_requests_total{reporter="destination"}[1m]))';
const WAIT_MS = 60_000;

function findPrometheus(): string {
  const found = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'prometheus')).find((file) => existsSync(file));
  if (!found) throw new Error('prometheus is not installed: `apt-get install --no-install-recommends prometheus` (scripts/test-all.sh installs it)');
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Prometheus scrapes the lab', () => {
  let session: LabSession;
  let prometheus: ChildProcess | undefined;
  let dir: string;
  let promUrl: string;
  let log = '';

  beforeAll(async () => {
    const binary = findPrometheus();
    session = await startDemoLab({ ratePerSecond: 30, trafficMs: WAIT_MS + 30_000, certLifetimeMs: 3_600_000 });
    dir = mkdtempSync(join(tmpdir(), 'meshlock-prometheus-'));
    const target = new URL(session.url).host;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: meshlock-lab\n    static_configs: [{ targets: ['${target}'] }]\n`,
    );
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      binary,
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=1h', '--log.level=warn'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prometheus.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
      if (prometheus.exitCode === null) prometheus.kill('SIGKILL');
    }
    await session?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'returns both mutual_tls and none for the destination-reported request rate',
    async () => {
      const deadline = Date.now() + WAIT_MS;
      let policies: string[] = [];
      while (Date.now() < deadline) {
        if (prometheus?.exitCode !== null) throw new Error(`prometheus exited (${prometheus?.exitCode}):\n${log}`);
        try {
          const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(QUERY)}`);
          if (response.ok) {
            const body = (await response.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
            policies = body.data.result.filter((r) => Number(r.value[1]) > 0).map((r) => r.metric.connection_security_policy ?? '').sort();
            if (policies.includes('mutual_tls') && policies.includes('none')) break;
          }
        } catch {
          // Not listening yet.
        }
        await sleep(1_000);
      }
      expect(policies, `prometheus log:\n${log}`).toEqual(['mutual_tls', 'none']);
    },
    WAIT_MS + 15_000,
  );
});
