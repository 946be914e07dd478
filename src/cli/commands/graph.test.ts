// `meshlock graph` against Debian's Prometheus backfilled up to now: the JSON is GET /api/graph's, the
// table reads like kubectl, and missing or failing telemetry is exit 2 with a sentence.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfilledPrometheus, type RunningPrometheus } from '../../testing/prometheus.js';
import { Graph } from '../../api/graph-schemas.js';
import { counterSeries } from '../../testing/istio-series.js';
import { cli } from '../../testing/run-cli.js';
import { demoPath } from '../source.js';

const END = Math.floor(Date.now() / 15_000) * 15;
let prometheus: RunningPrometheus;
beforeAll(async () => {
  prometheus = await backfilledPrometheus([
    counterSeries('istio_requests_total', { from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: true }, 2, END),
    counterSeries('istio_requests_total', { from: 'outside', to: 'travel-agency/travels', mtls: false }, 1, END),
    counterSeries('istio_requests_total', { from: 'travel-agency/travels', to: 'travel-agency/hotels', mtls: true, code: '503' }, 1, END),
    // A plaintext caller of cars that stopped an hour ago: only the callers of the last day know it.
    counterSeries('istio_requests_total', { from: 'outside', to: 'travel-agency/cars', mtls: false }, 1, END - 3600),
    // Between the demo's ambient workloads (travel-payments): no sidecar, yet in the mesh.
    counterSeries('istio_requests_total', { from: 'travel-payments/payments', to: 'travel-payments/ledger', mtls: true }, 1, END),
  ]);
}, 60_000);
afterAll(async () => {
  await prometheus?.stop();
});

describe('meshlock graph', () => {
  it('-o json prints the GET /api/graph object, with the demo’s predictions beside the observed shares', async () => {
    const run = await cli(['graph', '--demo', '--prometheus', prometheus.url, '--namespaces', 'travel-agency,travel-portal', '--duration', '5m', '-o', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const graph = Graph.parse(JSON.parse(run.stdout));
    expect(graph.telemetry).toEqual({ source: `Prometheus at ${prometheus.url}`, queries: 3, error: null });
    expect(graph.edges.map((e) => [e.source, e.target, e.mtlsPercent, e.predictedOutcome])).toEqual([
      ['outside', 'workload:travel-agency/travels', 0, 'plaintext'],
      ['workload:travel-agency/travels', 'workload:travel-agency/hotels', 100, 'mtls'],
      ['workload:travel-portal/voyages', 'workload:travel-agency/travels', 100, 'mtls'],
    ]);
    expect(graph.nodes.find((n) => n.id === 'workload:travel-agency/hotels')?.health.status).toBe('failure');
  });

  it('prints a table of edges and namespace health', async () => {
    const run = await cli(['graph', '--demo', '--prometheus', prometheus.url, '--duration', '5m', '--type', 'app']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^app graph, last 5m, from Prometheus at .* \(3 queries\): 6 nodes, 4 edges$/m);
    expect(run.stdout).toMatch(/^SOURCE\s+TARGET\s+PROTOCOL\s+RATE\/S\s+ERRORS\s+MTLS\s+PREDICTED\s+HEALTH\s+MISMATCH$/m);
    expect(run.stdout).toMatch(/^outside\s+app:travel-agency\/travels\s+http\s+\S+\s+0%\s+0%\s+plaintext\s+healthy\s+-$/m);
    expect(run.stdout).toMatch(/^travel-agency\s+failure\s+/m);
    // Ambient workloads are named by what carries their traffic, not as workloads without sidecar.
    expect(run.stdout).toMatch(/^Ambient \(ztunnel, no sidecar\): app:travel-payments\/ledger, app:travel-payments\/payments$/m);
    expect(run.stdout).not.toMatch(/Without sidecar|No data plane/);
  });

  it('after STRICT, marks the refused caller seen only before the window, and flags the one still in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlock-graph-'));
    try {
      cpSync(demoPath(), dir, { recursive: true });
      writeFileSync(join(dir, 'strict.yaml'), 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: travel-agency}\nspec: {mtls: {mode: STRICT}}\n');
      const run = await cli(['graph', dir, '--prometheus', prometheus.url, '--namespaces', 'travel-agency', '--duration', '5m']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^outside\s+workload:travel-agency\/cars\s+http\s+0\s+-\s+no data\s+fail \(seen earlier\)\s+idle\s+-$/m);
      expect(run.stdout).toMatch(/^outside\s+workload:travel-agency\/travels\s+http\s+\S+\s+0%\s+0%\s+fail\s+healthy\s+traffic-where-failure-expected$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--end draws the window as it was then: the plaintext caller of cars that stopped an hour ago, and that end', async () => {
    const hourAgo = new Date((END - 3600) * 1000).toISOString().replace('.000Z', 'Z');
    const args = ['graph', '--demo', '--prometheus', prometheus.url, '--namespaces', 'travel-agency', '--duration', '5m', '--end', hourAgo];
    const json = await cli([...args, '-o', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const graph = Graph.parse(JSON.parse(json.stdout));
    expect(graph.endSeconds).toBe(END - 3600);
    expect(graph.edges.map((e) => [e.source, e.target, e.observed])).toEqual([['outside', 'workload:travel-agency/cars', true]]);
    expect(graph.edges[0]?.requestRate).toBeGreaterThan(0);
    const table = await cli(args);
    expect(table.stdout).toMatch(new RegExp(`^workload graph, 5m ending ${hourAgo}, from Prometheus at .*: \\d+ nodes, 1 edges$`, 'm'));
  });

  it.each([
    [['graph', '--demo'], 'give --prometheus URL'],
    [['graph', '--demo', '--prometheus', 'http://127.0.0.1:1', '--end', 'yesterday'], '--end yesterday: RFC 3339 such as 2026-12-06T14:05:00Z, or whole seconds since the epoch'],
    [['graph', '--demo', '--prometheus', 'http://127.0.0.1:1', '--end', '2026-02-30T14:05:00Z'], '--end 2026-02-30T14:05:00Z: no such date or time'],
    [['graph', '--demo', '--lab', 'http://127.0.0.1:1', '--end', '1796565900'], 'cannot read traffic: the lab answers only the window ending now'],
    [['graph', '--demo', '--prometheus', 'http://127.0.0.1:1', '--duration', '2d'], '--duration 2d: at most 1d'],
    [['graph', '--demo', '--prometheus', 'http://127.0.0.1:1', '--type', 'pods'], '--type pods'],
    [['graph', '--demo', '--prometheus', '127.0.0.1:9090'], 'not a URL; give one like http://127.0.0.1:9090'],
  ])('%j is exit 2: %s', async (argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('a Prometheus that does not answer is exit 2 naming it', async () => {
    const run = await cli(['graph', '--demo', '--prometheus', 'http://127.0.0.1:1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('meshlock: cannot read traffic: Prometheus at http://127.0.0.1:1 cannot be reached');
  });
});
