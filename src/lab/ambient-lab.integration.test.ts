// The sidecar → ambient migration of docs/lab.md on real traffic: the demo lab runs with sidecars, then
// travel-agency moves to ambient behind its waypoint under STRICT (src/testing/ambient-demo.ts, applied through
// the lab's config door as a user would PUT it). The lab swaps each sidecar for ztunnel, and /metrics then has
// what Istio's ambient components report: ztunnel's connections (`istio_tcp_*`, no response code, `mutual_tls`
// for HBONE, DENY for plaintext its STRICT policy refuses) and the waypoint's requests (`reporter="waypoint"`).
// Debian's Prometheus scrapes it, and the graph built from PromQL shows each ambient edge with its mTLS share.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraph, type GraphEdge, type TrafficGraph } from '../core/index.js';
import { PrometheusTelemetry } from '../telemetry/prometheus/prometheus-source.js';
import { AMBIENT_DEMO_FILES, AMBIENT_WAYPOINT } from '../testing/ambient-demo.js';
import { startDemoLab } from '../testing/demo-lab.js';
import { eventually } from '../testing/eventually.js';
import { scrapingPrometheus, type RunningPrometheus } from '../testing/prometheus.js';
import { formatProbe, probeResult } from './probe.js';
import type { LabSession } from './session.js';

const WINDOW_SECONDS = 10;
const RATE_PER_SECOND = 16;
const PHASE_MS = 45_000;

const TRAVELS = 'workload:travel-agency/travels';
const HOTELS = 'workload:travel-agency/hotels';
const MYSQLDB = 'workload:travel-agency/mysqldb';
const VOYAGES = 'workload:travel-portal/voyages';
const LEGACY = 'workload:legacy/legacy-client';

let session: LabSession;
let prometheus: RunningPrometheus;
let telemetry: PrometheusTelemetry;

beforeAll(async () => {
  session = await startDemoLab({ ratePerSecond: RATE_PER_SECOND, trafficMs: 3 * PHASE_MS, certLifetimeMs: 3_600_000 });
  await session.apply(Object.values(AMBIENT_DEMO_FILES).join('---\n'));
  prometheus = await scrapingPrometheus([new URL(session.url).host]);
  telemetry = new PrometheusTelemetry({ url: prometheus.url, timeoutMs: 5_000 });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await session?.stop();
});

/** `/metrics` lines of one metric whose labels include every `label="value"` given. */
async function series(metric: string, ...labels: string[]): Promise<string[]> {
  const text = await (await fetch(`${session.url}/metrics`)).text();
  return text.split('\n').filter((line) => line.startsWith(`${metric}{`) && labels.every((label) => line.includes(label)));
}

async function graph(): Promise<TrafficGraph> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const { rows, queries } = await telemetry.traffic({ durationSeconds: WINDOW_SECONDS }, ['travel-agency', 'travel-portal', 'travel-control', 'legacy'], { clientFailures: true });
  expect(queries).toBe(3);
  return buildGraph(rows, { type: 'workload', engine: session.lab.engine });
}

const find = (g: TrafficGraph, source: string, target: string, protocol = 'http'): GraphEdge | undefined => g.edges.find((e) => e.id === `${source}>${target}>${protocol}`);
const summary = (g: TrafficGraph) => g.edges.map((e) => `${e.id} mtls=${e.mtlsPercent} err=${e.errorPercent} ${e.health} waypoint=${e.waypoint}`);

describe('travel-agency moved to ambient in the running lab', () => {
  it('runs its workloads behind ztunnel and its waypoint', () => {
    const travels = session.lab.workloads().find((w) => w.key === 'travel-agency/travels');
    expect(travels?.workload.dataplane).toBe('ambient');
    expect(session.lab.hboneInfo().map((l) => l.workload)).toContain('travel-agency/travels');
    // Beside the demo's own waypoint in travel-payments.
    expect(session.lab.waypointInfo().map((w) => `${w.key} ${w.spiffeId}`).sort()).toEqual([
      `${AMBIENT_WAYPOINT} spiffe://cluster.local/ns/travel-agency/sa/waypoint`,
      'travel-payments/waypoint spiffe://cluster.local/ns/travel-payments/sa/waypoint',
    ]);
  });

  it('probes say how the request went: HBONE from the sidecar, through the waypoint between ambient workloads', async () => {
    const fromSidecar = probeResult(await session.lab.call('travel-portal/voyages', 'travels.travel-agency:8000'));
    expect(fromSidecar).toMatchObject({ ok: true, outcome: 'mtls', hbone: true, waypoint: null, serverPrincipal: 'spiffe://cluster.local/ns/travel-agency/sa/travels' });
    const between = probeResult(await session.lab.call('travel-agency/travels', 'hotels:8000'));
    expect(formatProbe(between)).toBe(
      `travel-agency/travels → hotels.travel-agency.svc.cluster.local:8000: HTTP 200 (mTLS over HBONE via waypoint ${AMBIENT_WAYPOINT}, server spiffe://cluster.local/ns/travel-agency/sa/hotels)\n`,
    );
    expect(probeResult(await session.lab.call('legacy/legacy-client', 'travels.travel-agency:8000'))).toMatchObject({ ok: false, error: 'connection reset by peer', outcome: 'fail', hbone: false });
  });

  it('reports at /metrics what ztunnel and the waypoint report', async () => {
    const hbone = await eventually(
      () => series('istio_tcp_connections_opened_total', 'reporter="destination"', 'source_workload="voyages"', 'destination_workload="travels"'),
      (lines) => lines.length > 0,
      'ztunnel at travels reporting the tunnels from voyages’ sidecar',
      15_000,
    );
    expect(hbone.every((line) => line.includes('connection_security_policy="mutual_tls"') && line.includes('source_principal="spiffe://cluster.local/ns/travel-portal/sa/voyages"'))).toBe(true);
    // ztunnel's label set has no response code.
    expect(hbone.some((line) => line.includes('response_code='))).toBe(false);
    const carried = await series('istio_requests_total', 'reporter="waypoint"', 'source_workload="travels"', 'destination_workload="hotels"');
    expect(carried.length).toBeGreaterThan(0);
    expect(carried.every((line) => line.includes('connection_security_policy="mutual_tls"') && line.includes('response_code="200"'))).toBe(true);
    const denied = await series('istio_tcp_connections_opened_total', 'reporter="destination"', 'source_workload="legacy-client"', 'destination_workload="travels"', 'response_flags="DENY"');
    expect(denied.every((line) => line.includes('connection_security_policy="unknown"'))).toBe(true);
    expect(denied.length).toBeGreaterThan(0);
    // Nobody reports requests as travel-agency's destination any more (ztunnel is L4): the sidecar-era counts stand still.
    const served = async () => (await series('istio_requests_total', 'reporter="destination"', 'destination_workload_namespace="travel-agency"')).reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    const first = await served();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await served()).toBe(first);
  });

  it(
    'the graph from Prometheus: sidecar → ambient and ambient → waypoint → ambient all mTLS, the plaintext caller denied',
    async () => {
      const settled = await eventually(
        graph,
        (g) =>
          find(g, VOYAGES, TRAVELS, 'tcp')?.mtlsPercent === 100 &&
          find(g, TRAVELS, HOTELS)?.mtlsPercent === 100 &&
          find(g, HOTELS, MYSQLDB, 'tcp')?.mtlsPercent === 100 &&
          find(g, LEGACY, TRAVELS, 'tcp')?.health === 'failure' &&
          // The sidecar-era requests have left the window.
          find(g, VOYAGES, TRAVELS) === undefined,
        'ambient edges at 100 % mTLS and the plaintext caller failing',
        2 * PHASE_MS,
      ).catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nlast graph: ${summary(await graph()).join('\n')}\nprometheus: ${prometheus.log()}`);
      });
      // travels → hotels passes the waypoint, as the engine predicts; voyages' sidecar tunnels straight to ztunnel.
      expect(find(settled, TRAVELS, HOTELS)).toMatchObject({ security: 'mtls', waypoint: AMBIENT_WAYPOINT, predictedOutcome: 'mtls', errorRate: 0 });
      expect(find(settled, TRAVELS, HOTELS)?.sourcePrincipals).toEqual(['spiffe://cluster.local/ns/travel-agency/sa/travels']);
      expect(find(settled, VOYAGES, TRAVELS, 'tcp')).toMatchObject({ security: 'mtls', predictedOutcome: 'mtls' });
      expect(find(settled, LEGACY, TRAVELS, 'tcp')).toMatchObject({ mtlsPercent: 0, errorPercent: 100, predictedOutcome: 'fail' });
    },
    2 * PHASE_MS + 15_000,
  );
});
