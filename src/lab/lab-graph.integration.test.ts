// Seed 001's story on real traffic: the demo lab (real mTLS between in-process sidecars) scraped by Debian's
// Prometheus, the graph built from PromQL every second over a 15 s window. Under auto mTLS every mesh edge
// reaches 100 % mTLS and the sidecar-less caller shows 0 % explicitly; STRICT on travel-agency while
// travel-portal's DestinationRule sends plaintext rejects that edge: its errors show (reported by the
// client sidecar only, istio-mtls-semantics §5.4) and both nodes' health fails; removing the rule heals it.
// The only slow test of the graph (about a minute: rate windows have to fill and empty).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapingPrometheus, type RunningPrometheus } from '../testing/prometheus.js';
import { buildGraph, type GraphEdge, type TrafficGraph } from '../core/index.js';
import type { LabSession } from './session.js';
import { startDemoLab } from '../testing/demo-lab.js';
import { eventually } from '../testing/eventually.js';
import { PrometheusTelemetry } from '../telemetry/prometheus/prometheus-source.js';

const WINDOW_SECONDS = 15;
/** One request a second per call-graph edge: modest, and enough for a 15 s rate. */
const RATE_PER_SECOND = 16;
const PHASE_MS = 45_000;

const STRICT_AND_PLAINTEXT_CLIENT = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: travel-agency}
spec: {mtls: {mode: STRICT}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: travels-plain, namespace: travel-portal}
spec: {host: travels.travel-agency.svc.cluster.local, trafficPolicy: {tls: {mode: DISABLE}}}
`;

const VOYAGES = 'workload:travel-portal/voyages';
const TRAVELS = 'workload:travel-agency/travels';

let session: LabSession;
let prometheus: RunningPrometheus;
let telemetry: PrometheusTelemetry;

beforeAll(async () => {
  session = await startDemoLab({ ratePerSecond: RATE_PER_SECOND, trafficMs: 4 * PHASE_MS, certLifetimeMs: 3_600_000 });
  prometheus = await scrapingPrometheus([new URL(session.url).host]);
  telemetry = new PrometheusTelemetry({ url: prometheus.url, timeoutMs: 5_000 });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await session?.stop();
});

/** The workload graph of the last 15 s, predictions from the lab's current configuration; asked at most twice a second. */
async function graph(): Promise<TrafficGraph> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const { rows, queries } = await telemetry.traffic({ durationSeconds: WINDOW_SECONDS }, ['travel-agency', 'travel-portal', 'travel-control', 'legacy'], { clientFailures: true });
  expect(queries).toBe(3);
  return buildGraph(rows, { type: 'workload', engine: session.lab.engine });
}

const find = (g: TrafficGraph, source: string, target: string): GraphEdge | undefined => g.edges.find((e) => e.source === source && e.target === target);
const health = (g: TrafficGraph, id: string) => g.nodes.find((n) => n.id === id)?.health.status;
const summary = (g: TrafficGraph) => g.edges.map((e) => `${e.source}>${e.target} mtls=${e.mtlsPercent} err=${e.errorPercent} ${e.health} ${e.predictedOutcome}`);

describe('the traffic graph of the live lab, through Prometheus', () => {
  it(
    'auto mTLS: 100 % on every mesh edge, 0 % from the caller without sidecar; STRICT breaks the plaintext client, and fixing it heals',
    async () => {
      // The call graph's 18 edges from mesh workloads (all but legacy-client's), less payments → ledger: neither
      // end is in a namespace read (travels → payments and payments → discounts have one end in travel-agency).
      const meshEdges = 17;
      const start = await eventually(
        graph,
        (g) => g.edges.filter((e) => e.source !== 'outside' && e.mtlsPercent === 100).length === meshEdges && find(g, 'outside', TRAVELS)?.mtlsPercent === 0,
        'every mesh edge at 100 % mTLS and the outside edge at 0 %',
        PHASE_MS,
      ).catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nlast graph: ${summary(await graph()).join('\n')}\nprometheus: ${prometheus.log()}`);
      });
      expect(start.edges.filter((e) => e.source !== 'outside').every((e) => e.security === 'mtls' && e.predictedOutcome === 'mtls' && e.mismatch === null)).toBe(true);
      expect(find(start, 'outside', TRAVELS)).toMatchObject({ security: 'plaintext', plaintextPercent: 100, predictedOutcome: 'plaintext', sourcePrincipals: [] });
      expect(find(start, VOYAGES, TRAVELS)?.sourcePrincipals).toEqual(['spiffe://cluster.local/ns/travel-portal/sa/voyages']);
      expect(start.nodes.find((n) => n.id === 'outside')).toMatchObject({ kind: 'outside', sidecar: false });

      await session.apply(STRICT_AND_PLAINTEXT_CLIENT);
      const broken = await eventually(
        graph,
        (g) => find(g, VOYAGES, TRAVELS)?.health === 'failure' && health(g, VOYAGES) === 'failure' && health(g, TRAVELS) === 'failure' && (find(g, VOYAGES, TRAVELS)?.errorPercent ?? 0) >= 50,
        'the rejected edge failing with both its nodes',
        PHASE_MS,
      );
      const rejected = find(broken, VOYAGES, TRAVELS);
      expect(rejected?.responses.some((r) => r.code === '503' && r.flags !== '-' && r.error)).toBe(true);
      expect(rejected?.predictedOutcome).toBe('fail');
      expect(rejected?.predictions[0]).toMatchObject({ clientSends: 'PLAINTEXT', clientDecidedBy: 'DestinationRule/travel-portal/travels-plain', serverMode: 'STRICT' });
      expect(broken.namespaces.find((n) => n.namespace === 'travel-portal')?.status).toBe('failure');
      // In-namespace edges keep mTLS under STRICT.
      expect(find(broken, TRAVELS, 'workload:travel-agency/hotels')).toMatchObject({ mtlsPercent: 100, health: 'healthy' });

      await session.remove({ kind: 'DestinationRule', namespace: 'travel-portal', name: 'travels-plain' });
      const healed = await eventually(
        graph,
        (g) => find(g, VOYAGES, TRAVELS)?.health === 'healthy' && health(g, VOYAGES) === 'healthy' && health(g, TRAVELS) === 'healthy' && find(g, 'outside', TRAVELS) === undefined,
        'the edge healthy again and no plaintext reaching travels',
        PHASE_MS,
      );
      expect(find(healed, VOYAGES, TRAVELS)).toMatchObject({ mtlsPercent: 100, errorRate: 0, predictedOutcome: 'mtls', mismatch: null });
    },
    3 * PHASE_MS + 15_000,
  );
});
