// The demo lab under load: every request a real connection with a real handshake (mTLS for the sidecar
// edges), at the quality bar's 50 requests/s in total. The figure that matters is the share of one core
// the whole process (apps, sidecars, CA, metrics, load generator) uses while it runs.
import { join } from 'node:path';
import { demoPath, packageRoot } from '../../src/cli/source.js';
import { Lab } from '../../src/lab/lab.js';
import { readCallGraph, TrafficGenerator } from '../../src/lab/traffic.js';
import { MeshStore } from '../../src/core/index.js';
import { FileSource } from '../../src/sources/files/file-source.js';
import { round } from '../measure.js';

export interface LabFigures {
  /** Requests (and TCP exchanges) completed per second of wall time. */
  requestsPerSecond: number;
  /** Process CPU time (user + system) over wall time: 1 = one full core. */
  cpuCoreShare: number;
  targetRate: number;
  seconds: number;
  requests: number;
  failed: number;
  dropped: number;
  latencyMs: { p50: number; p99: number };
  limits: { cpuCoreShare: number; withinLimits: boolean };
}

export async function benchLab(options: { ratePerSecond?: number; seconds?: number } = {}): Promise<LabFigures> {
  const ratePerSecond = options.ratePerSecond ?? 50;
  const seconds = options.seconds ?? 10;
  const demo = await FileSource.open([demoPath()], packageRoot(), { watch: false });
  const lab = await Lab.start(new MeshStore(demo.contents()).current.engine);
  const latencies: number[] = [];
  const traffic = new TrafficGenerator(
    await readCallGraph(join(packageRoot(), 'fixtures', 'demo-call-graph.json')),
    async (edge) => {
      const result = await lab.call(edge.from, edge.to);
      latencies.push(result.durationMs);
      return result;
    },
    { ratePerSecond, durationMs: seconds * 1000 },
  );
  try {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    traffic.start();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    await traffic.stop();
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const stats = traffic.snapshot();
    const sum = (pick: (s: (typeof stats)[number]) => number) => stats.reduce((total, s) => total + pick(s), 0);
    latencies.sort((a, b) => a - b);
    const percentile = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
    const cpuCoreShare = round((cpu.user + cpu.system) / 1000 / wallMs);
    return {
      requestsPerSecond: round((sum((s) => s.ok) + sum((s) => s.failed)) / (wallMs / 1000)),
      cpuCoreShare,
      targetRate: ratePerSecond,
      seconds: round(wallMs / 1000),
      requests: sum((s) => s.sent),
      failed: sum((s) => s.failed),
      dropped: sum((s) => s.dropped),
      latencyMs: { p50: percentile(0.5), p99: percentile(0.99) },
      limits: { cpuCoreShare: 1, withinLimits: cpuCoreShare < 1 },
    };
  } finally {
    await traffic.stop();
    await lab.stop();
  }
}
