// The graph builder as a specification: identity per graph type (kiali-backend-reference §3.1), the mTLS
// share counted per request (not Kiali's last-write-wins, §3.3), health with Kiali's default tolerances,
// and the engine's prediction beside what telemetry saw (istio-mtls-semantics §5.7).
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph, type GraphEdge, type MtlsEngine, type TrafficGraph } from '../index.js';
import { loadDemo, objectsFromYaml } from '../../testing/demo-mesh.js';
import { graphRow as row } from '../../testing/graph-rows.js';
import { AMBIENT_DEMO_FILES, AMBIENT_WAYPOINT } from '../../testing/ambient-demo.js';

const edge = (graph: TrafficGraph, source: string, target: string): GraphEdge => {
  const found = graph.edges.find((e) => e.source === source && e.target === target);
  if (!found) throw new Error(`no edge ${source} → ${target} in ${graph.edges.map((e) => e.id).join(', ')}`);
  return found;
};

let demo: MtlsEngine;
beforeAll(async () => {
  demo = await loadDemo();
});

async function applied(yaml: string): Promise<MtlsEngine> {
  return (await loadDemo()).with(objectsFromYaml(yaml).map((object) => ({ type: 'upsert', object })));
}

describe('mTLS share per edge', () => {
  it('counts every request: two mTLS and one plaintext on one edge is 66.7 %, not Kiali’s 50 %', () => {
    const graph = buildGraph(
      [row({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 1 }), row({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 1, code: '201' }), row({ from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: false, rate: 1 })],
      { type: 'workload' },
    );
    const e = edge(graph, 'workload:travel-portal/voyages', 'workload:travel-agency/travels');
    expect(e).toMatchObject({ mtlsPercent: 66.7, plaintextPercent: 33.3, security: 'partial', requestRate: 3, errorRate: 0 });
  });

  it('is 100 only when nothing was plaintext, 0 only when nothing was mTLS, and null without destination data', () => {
    const graph = buildGraph(
      [
        row({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 1999 }),
        row({ from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: false, rate: 1 }),
        row({ from: 'outside', to: 'travel-agency/travels', mtls: false }),
        row({ from: 'travel-portal/viaggi', to: 'travel-agency/travels', reporter: 'source', code: '503', flags: 'UC' }),
      ],
      { type: 'workload' },
    );
    expect(edge(graph, 'workload:travel-portal/voyages', 'workload:travel-agency/travels')).toMatchObject({ mtlsPercent: 99.9, security: 'partial' });
    expect(edge(graph, 'outside', 'workload:travel-agency/travels')).toMatchObject({ mtlsPercent: 0, plaintextPercent: 100, security: 'plaintext' });
    expect(edge(graph, 'workload:travel-portal/viaggi', 'workload:travel-agency/travels')).toMatchObject({ mtlsPercent: null, plaintextPercent: null, security: 'no-data' });
  });

  it('keeps the principals the destination saw, and none of a plaintext caller', () => {
    const graph = buildGraph([row({ from: 'travel-portal/voyages', to: 'travel-agency/travels' }), row({ from: 'outside', to: 'travel-agency/travels', mtls: false })], { type: 'workload' });
    expect(edge(graph, 'workload:travel-portal/voyages', 'workload:travel-agency/travels')).toMatchObject({
      sourcePrincipals: ['spiffe://cluster.local/ns/travel-portal/sa/voyages'],
      destinationPrincipals: ['spiffe://cluster.local/ns/travel-agency/sa/travels'],
    });
    expect(edge(graph, 'outside', 'workload:travel-agency/travels')).toMatchObject({ sourcePrincipals: [], destinationPrincipals: [] });
  });

  it('judges TCP by bytes when bytes flowed (long connections open no new ones), by connections otherwise', () => {
    const graph = buildGraph(
      [
        row({ from: 'travel-agency/hotels', to: 'travel-agency/mysqldb', protocol: 'tcp', rate: 0, bytes: 300 }),
        row({ from: 'travel-agency/hotels', to: 'travel-agency/mysqldb', protocol: 'tcp', mtls: false, rate: 5, bytes: 100 }),
        row({ from: 'travel-agency/cars', to: 'travel-agency/mysqldb', protocol: 'tcp', rate: 1 }),
      ],
      { type: 'workload' },
    );
    expect(edge(graph, 'workload:travel-agency/hotels', 'workload:travel-agency/mysqldb')).toMatchObject({ protocol: 'tcp', mtlsPercent: 75, tcpSentBytesRate: 400, requestRate: 5 });
    expect(edge(graph, 'workload:travel-agency/cars', 'workload:travel-agency/mysqldb').mtlsPercent).toBe(100);
  });
});

describe('health (Kiali default tolerances)', () => {
  it.each([
    { name: 'no errors: healthy', codes: { '200': 100 }, want: 'healthy' },
    { name: 'any 5xx: degraded', codes: { '200': 999, '503': 1 }, want: 'degraded' },
    { name: '5xx above 10 %: failure', codes: { '200': 89, '500': 11 }, want: 'failure' },
    { name: '4xx up to 10 %: healthy', codes: { '200': 90, '404': 10 }, want: 'healthy' },
    { name: '4xx above 10 %: degraded', codes: { '200': 85, '404': 15 }, want: 'degraded' },
    { name: '4xx above 20 %: failure', codes: { '200': 75, '404': 25 }, want: 'failure' },
  ])('$name', ({ codes, want }) => {
    const rows = Object.entries(codes).map(([code, rate]) => row({ from: 'travel-portal/voyages', to: 'travel-agency/travels', code, rate }));
    const graph = buildGraph(rows, { type: 'workload' });
    expect(edge(graph, 'workload:travel-portal/voyages', 'workload:travel-agency/travels').health).toBe(want);
    expect(graph.nodes.find((n) => n.id === 'workload:travel-agency/travels')?.health.inbound.status).toBe(want);
    expect(graph.nodes.find((n) => n.id === 'workload:travel-portal/voyages')?.health.outbound.status).toBe(want);
  });

  it('a rejected edge (client failures only) fails both ends, and their namespaces', () => {
    const graph = buildGraph(
      [row({ from: 'travel-portal/voyages', to: 'travel-agency/travels', reporter: 'source', code: '503', flags: 'UC', rate: 2 }), row({ from: 'travel-agency/travels', to: 'travel-agency/hotels' })],
      { type: 'workload' },
    );
    expect(edge(graph, 'workload:travel-portal/voyages', 'workload:travel-agency/travels')).toMatchObject({ errorRate: 2, errorPercent: 100, health: 'failure', responses: [{ code: '503', flags: 'UC', rate: 2, error: true }] });
    expect(graph.nodes.find((n) => n.id === 'workload:travel-agency/travels')?.health.status).toBe('failure');
    expect(graph.namespaces).toEqual([
      { namespace: 'travel-agency', status: 'failure', nodes: { healthy: 1, degraded: 0, failure: 1, idle: 0 } },
      { namespace: 'travel-portal', status: 'failure', nodes: { healthy: 0, degraded: 0, failure: 1, idle: 0 } },
    ]);
  });

  it('a TCP connection the proxy failed counts as an error', () => {
    const graph = buildGraph([row({ from: 'travel-agency/cars', to: 'travel-agency/mysqldb', protocol: 'tcp', reporter: 'source', flags: 'UF' })], { type: 'workload' });
    expect(graph.edges[0]).toMatchObject({ errorPercent: 100, health: 'failure' });
  });
});

describe('graph types', () => {
  const rows = [
    row({ from: 'travel-portal/voyages', to: 'travel-agency/travels' }),
    row({ from: 'travel-portal/viaggi', to: 'travel-agency/travels', version: 'v2', mtls: false }),
    row({ from: 'travel-agency/travels', to: 'travel-agency/hotels' }),
  ];

  it('workload: one node per workload, the Service it is reached through on the node', () => {
    const graph = buildGraph(rows, { type: 'workload', engine: demo });
    expect(graph.nodes.map((n) => n.id)).toEqual(['workload:travel-agency/hotels', 'workload:travel-agency/travels', 'workload:travel-portal/viaggi', 'workload:travel-portal/voyages']);
    expect(graph.nodes.find((n) => n.id === 'workload:travel-agency/travels')).toMatchObject({ kind: 'workload', service: 'travels', sidecar: true });
  });

  it('app: the workloads of an app are one node; versionedApp splits them by version', () => {
    const app = buildGraph(rows, { type: 'app' });
    expect(app.nodes.map((n) => n.id)).toContain('app:travel-agency/travels');
    expect(app.edges.filter((e) => e.target === 'app:travel-agency/travels')).toHaveLength(2);
    const versioned = buildGraph(rows, { type: 'versionedApp' });
    expect(versioned.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['app:travel-agency/travels/v1', 'app:travel-agency/travels/v2']));
  });

  it('service: Service to Service, sources through the Service that selects them', () => {
    const graph = buildGraph(rows, { type: 'service', engine: demo });
    expect(graph.edges.map((e) => e.id).sort()).toEqual([
      'service:travel-agency/travels>service:travel-agency/hotels>http',
      'service:travel-portal/viaggi>service:travel-agency/travels>http',
      'service:travel-portal/voyages>service:travel-agency/travels>http',
    ]);
  });

  it('idle workloads of the asked namespaces are nodes too, and a workload without sidecar is marked', () => {
    const graph = buildGraph([], { type: 'workload', engine: demo, idleNamespaces: ['legacy'] });
    expect(graph.nodes).toEqual([expect.objectContaining({ id: 'workload:legacy/legacy-client', sidecar: false, health: expect.objectContaining({ status: 'idle' }) })]);
  });
});

describe('configured vs observed', () => {
  it('without an engine there is no prediction and nothing to flag', () => {
    const graph = buildGraph([row({ from: 'outside', to: 'travel-agency/travels', mtls: false })], { type: 'workload' });
    expect(graph.edges[0]).toMatchObject({ predictedOutcome: null, predictions: [], mismatch: null });
  });

  it('auto mTLS predicts mTLS between sidecars and plaintext from outside; matching traffic is not flagged', () => {
    const graph = buildGraph([row({ from: 'travel-portal/voyages', to: 'travel-agency/travels' }), row({ from: 'outside', to: 'travel-agency/travels', mtls: false })], { type: 'workload', engine: demo });
    expect(edge(graph, 'workload:travel-portal/voyages', 'workload:travel-agency/travels')).toMatchObject({ predictedOutcome: 'mtls', mismatch: null, predictions: [expect.objectContaining({ clientSends: 'ISTIO_MUTUAL', serverMode: 'PERMISSIVE', port: 8000 })] });
    expect(edge(graph, 'outside', 'workload:travel-agency/travels')).toMatchObject({ predictedOutcome: 'plaintext', mismatch: null });
  });

  it('flags plaintext where the configuration says mTLS', () => {
    const graph = buildGraph([row({ from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: false })], { type: 'workload', engine: demo });
    expect(graph.edges[0]?.mismatch?.kind).toBe('plaintext-where-mtls-expected');
  });

  it('under STRICT: traffic from outside contradicts the predicted failure; client failures of a plaintext DR do not', async () => {
    const strict = await applied(`
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: travel-agency}
spec: {mtls: {mode: STRICT}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: plaintext-to-agency, namespace: travel-portal}
spec: {host: travels.travel-agency.svc.cluster.local, trafficPolicy: {tls: {mode: DISABLE}}}
`);
    const graph = buildGraph(
      [row({ from: 'outside', to: 'travel-agency/travels', mtls: false }), row({ from: 'travel-portal/voyages', to: 'travel-agency/travels', reporter: 'source', code: '503', flags: 'UC' })],
      { type: 'workload', engine: strict },
    );
    expect(edge(graph, 'outside', 'workload:travel-agency/travels')).toMatchObject({ predictedOutcome: 'fail', mismatch: { kind: 'traffic-where-failure-expected' } });
    const rejected = edge(graph, 'workload:travel-portal/voyages', 'workload:travel-agency/travels');
    expect(rejected).toMatchObject({ predictedOutcome: 'fail', mismatch: null, health: 'failure' });
    expect(rejected.predictions[0]).toMatchObject({ clientSends: 'PLAINTEXT', clientDecidedBy: 'DestinationRule/travel-portal/plaintext-to-agency', serverMode: 'STRICT' });
  });

  it('keeps a caller seen before the window that STRICT now refuses, as a predicted failure naming the PeerAuthentication', async () => {
    const strict = await applied(`
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: travel-agency}
spec: {mtls: {mode: STRICT}}
`);
    const earlierRows = [
      row({ from: 'outside', to: 'travel-agency/travels', mtls: false }),
      row({ from: 'travel-portal/voyages', to: 'travel-agency/travels' }),
      row({ from: 'travel-agency/travels', to: 'travel-agency/hotels' }),
    ];
    const graph = buildGraph([row({ from: 'travel-agency/travels', to: 'travel-agency/hotels', rate: 2 })], { type: 'workload', engine: strict, earlierRows });
    const refused = edge(graph, 'outside', 'workload:travel-agency/travels');
    expect(refused).toMatchObject({ observed: false, predictedOutcome: 'fail', requestRate: 0, mtlsPercent: null, security: 'no-data', mismatch: null, services: ['travels.travel-agency.svc.cluster.local'] });
    expect(refused.predictions[0]).toMatchObject({ clientSends: 'PLAINTEXT', serverMode: 'STRICT', serverDecidedBy: 'PeerAuthentication/travel-agency/default' });
    // An mTLS caller that merely stopped calling is not kept; an edge with traffic in the window is the window's.
    expect(graph.edges.map((e) => `${e.id} ${e.observed}`)).toEqual(['outside>workload:travel-agency/travels>http false', 'workload:travel-agency/travels>workload:travel-agency/hotels>http true']);
    expect(edge(graph, 'workload:travel-agency/travels', 'workload:travel-agency/hotels').requestRate).toBe(2);
    // Without the STRICT policy the same plaintext caller is predicted to work, so an idle one is not drawn.
    expect(buildGraph([], { type: 'workload', engine: demo, earlierRows }).edges).toEqual([]);
  });

  it('flags client failures the configuration does not explain', () => {
    const graph = buildGraph([row({ from: 'travel-portal/voyages', to: 'travel-agency/travels', reporter: 'source', code: '503', flags: 'UF' })], { type: 'workload', engine: demo });
    expect(graph.edges[0]?.mismatch).toMatchObject({ kind: 'failures-where-success-expected', message: expect.stringContaining('(UF)') });
  });

  it('an edge whose parts disagree, or that the configuration does not know, has no single predicted outcome', async () => {
    const engine = await applied(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: voyages-v2, namespace: travel-portal}
spec:
  selector: {matchLabels: {app: voyages, version: v2}}
  template:
    metadata: {labels: {app: voyages, version: v2}}
    spec: {serviceAccountName: voyages, containers: [{name: voyages, image: voyages:v2, ports: [{containerPort: 8000}]}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: v2-plaintext, namespace: travel-portal}
spec: {host: travels.travel-agency.svc.cluster.local, workloadSelector: {matchLabels: {version: v2}}, trafficPolicy: {tls: {mode: DISABLE}}}
`);
    const mixed = buildGraph([row({ from: 'travel-portal/voyages', to: 'travel-agency/travels' }), row({ from: 'travel-portal/voyages-v2', app: 'voyages', to: 'travel-agency/travels', mtls: false })], { type: 'app', engine });
    expect(mixed.edges[0]).toMatchObject({ predictedOutcome: null, mismatch: null });
    expect(mixed.edges[0]?.predictions.map((p) => p.outcome).sort()).toEqual(['mtls', 'plaintext']);
    const unknown = buildGraph([row({ from: 'travel-portal/voyages', to: 'travel-agency/travels' }), row({ from: 'travel-portal/ghost', app: 'voyages', to: 'travel-agency/travels' })], { type: 'app', engine: demo });
    expect(unknown.edges[0]).toMatchObject({ predictedOutcome: null, predictions: [expect.objectContaining({ outcome: 'mtls' })] });
  });
});

describe('ambient mode', () => {
  const ambient = () => applied(Object.values(AMBIENT_DEMO_FILES).join('---\n'));
  const rows = [row({ from: 'travel-portal/voyages', to: 'travel-agency/travels' }), row({ from: 'travel-agency/travels', to: 'travel-agency/hotels' })];

  it('marks each workload node with its data plane and the waypoint an ambient one is bound to', async () => {
    const graph = buildGraph(rows, { type: 'workload', engine: await ambient(), idleNamespaces: ['legacy'] });
    const nodeOf = (id: string) => graph.nodes.find((n) => n.id === id);
    expect(nodeOf('workload:travel-agency/hotels')).toMatchObject({ sidecar: false, dataplane: 'ambient', waypoint: AMBIENT_WAYPOINT });
    expect(nodeOf('workload:travel-portal/voyages')).toMatchObject({ sidecar: true, dataplane: 'sidecar', waypoint: null });
    expect(nodeOf('workload:legacy/legacy-client')).toMatchObject({ sidecar: false, dataplane: 'none', waypoint: null });
    const apps = buildGraph(rows, { type: 'app', engine: await ambient() });
    expect(apps.nodes.find((n) => n.id === 'app:travel-agency/hotels')).toMatchObject({ dataplane: 'ambient', waypoint: AMBIENT_WAYPOINT });
  });

  it('an edge between ambient workloads passes through the waypoint; a sidecar client goes straight to ztunnel', async () => {
    const graph = buildGraph(rows, { type: 'workload', engine: await ambient() });
    const throughWaypoint = edge(graph, 'workload:travel-agency/travels', 'workload:travel-agency/hotels');
    expect(throughWaypoint).toMatchObject({ waypoint: AMBIENT_WAYPOINT, predictedOutcome: 'mtls', predictions: [expect.objectContaining({ waypoint: AMBIENT_WAYPOINT, serverMode: 'STRICT' })] });
    expect(edge(graph, 'workload:travel-portal/voyages', 'workload:travel-agency/travels')).toMatchObject({ waypoint: null, predictedOutcome: 'mtls' });
    expect(buildGraph(rows, { type: 'workload' }).edges.every((e) => e.waypoint === null)).toBe(true);
  });
});
