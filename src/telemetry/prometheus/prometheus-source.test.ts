// The Prometheus adapter against Debian's real Prometheus on backfilled Istio metrics (stack.md §3): exact
// shares per edge, client-reported failures without double counting, namespace filtering in the query, and
// three queries per call whatever the namespace count. Then every way a Prometheus can fail, as a sentence.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfilledPrometheus, type OpenMetricsSeries, type RunningPrometheus } from '../../testing/prometheus.js';
import { buildGraph, type GraphEdge, type TrafficGraph, type TrafficRow } from '../../core/index.js';
import { counterSeries, SERIES_STEP_SECONDS as STEP, type SeriesEdge } from '../../testing/istio-series.js';
import { PrometheusTelemetry } from './prometheus-source.js';

/** A few minutes before now: inside the default retention, and queried with an explicit time. */
const END = Math.floor(Date.now() / 60_000) * 60 - 300;
const STEPS = 40;
const WINDOW = { durationSeconds: 60, endSeconds: END };

const counter = (name: string, edge: SeriesEdge, perStep: number) => counterSeries(name, edge, perStep, END, STEPS);

const SERIES: OpenMetricsSeries[] = [
  // Two mTLS requests for every plaintext one on one edge: 66.7 %, where Kiali's last write wins gives 50 %.
  counter('istio_requests_total', { from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: true }, 2),
  counter('istio_requests_total', { from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: false }, 1),
  // The client's own report of the same successful requests: never counted (destination is the truth).
  counter('istio_requests_total', { from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: true, reporter: 'source' }, 3),
  counter('istio_requests_total', { from: 'outside', to: 'travel-agency/travels', mtls: false }, 1),
  counter('istio_requests_total', { from: 'travel-agency/travels', to: 'travel-agency/hotels', mtls: true }, 4),
  // Plaintext reset by STRICT: only the client's sidecar reports it (istio-mtls-semantics §5.4).
  counter('istio_requests_total', { from: 'travel-portal/viaggi', to: 'travel-agency/travels', mtls: false, reporter: 'source', code: '503', flags: 'UC' }, 1),
  counter('istio_requests_total', { from: 'other/a', to: 'other/b', mtls: true }, 1),
  counter('istio_tcp_sent_bytes_total', { from: 'travel-agency/hotels', to: 'travel-agency/mysqldb', mtls: true, protocol: 'tcp' }, 300),
  counter('istio_tcp_sent_bytes_total', { from: 'travel-agency/hotels', to: 'travel-agency/mysqldb', mtls: false, protocol: 'tcp' }, 100),
  counter('istio_tcp_received_bytes_total', { from: 'travel-agency/hotels', to: 'travel-agency/mysqldb', mtls: true, protocol: 'tcp' }, 30),
  counter('istio_tcp_connections_opened_total', { from: 'travel-agency/hotels', to: 'travel-agency/mysqldb', mtls: true, protocol: 'tcp' }, 1),
  counter('istio_tcp_connections_opened_total', { from: 'travel-agency/hotels', to: 'travel-agency/mysqldb', mtls: false, protocol: 'tcp' }, 1),
  // A caller that stopped an hour before the window: only the earlier callers' look-back holds it.
  counterSeries('istio_requests_total', { from: 'legacy/legacy-client', to: 'travel-agency/cars', mtls: false }, 1, END - 3600, STEPS),
  // Ambient namespace shop. web → api through a waypoint: the waypoint reports the requests; the endpoint's
  // ztunnel reports the waypoint's hop as a connection from the waypoint; web's ztunnel reports its side.
  counter('istio_requests_total', { from: 'shop/web', to: 'shop/api', mtls: true, reporter: 'waypoint' }, 5),
  counter('istio_tcp_connections_opened_total', { from: 'shop/waypoint', to: 'shop/api', mtls: true, protocol: 'tcp', ztunnel: true }, 5),
  counter('istio_tcp_sent_bytes_total', { from: 'shop/waypoint', to: 'shop/api', mtls: true, protocol: 'tcp', ztunnel: true }, 900),
  counter('istio_tcp_connections_opened_total', { from: 'shop/web', to: 'shop/api', mtls: true, protocol: 'tcp', ztunnel: true, reporter: 'source' }, 5),
  // web → cache (TCP) through the waypoint: the waypoint's report is the web → cache edge.
  counter('istio_tcp_connections_opened_total', { from: 'shop/web', to: 'shop/cache', mtls: true, protocol: 'tcp', reporter: 'waypoint' }, 3),
  counter('istio_tcp_sent_bytes_total', { from: 'shop/web', to: 'shop/cache', mtls: true, protocol: 'tcp', reporter: 'waypoint' }, 60),
  // web → db without waypoint: HBONE, so the db's ztunnel reports mutual_tls; plaintext from outside is let in
  // once a step (PERMISSIVE, policy unknown) and denied once a step (STRICT port, flag DENY, no bytes).
  counter('istio_tcp_connections_opened_total', { from: 'shop/web', to: 'shop/db', mtls: true, protocol: 'tcp', ztunnel: true }, 2),
  counter('istio_tcp_sent_bytes_total', { from: 'shop/web', to: 'shop/db', mtls: true, protocol: 'tcp', ztunnel: true }, 300),
  counter('istio_tcp_connections_opened_total', { from: 'outside', to: 'shop/db', mtls: false, protocol: 'tcp', ztunnel: true }, 1),
  counter('istio_tcp_sent_bytes_total', { from: 'outside', to: 'shop/db', mtls: false, protocol: 'tcp', ztunnel: true }, 100),
  counter('istio_tcp_connections_opened_total', { from: 'outside', to: 'shop/db', mtls: false, protocol: 'tcp', ztunnel: true, flags: 'DENY' }, 1),
];

let prometheus: RunningPrometheus;
beforeAll(async () => {
  prometheus = await backfilledPrometheus(SERIES);
}, 60_000);
afterAll(async () => {
  await prometheus?.stop();
});

function edge(graph: TrafficGraph, source: string, target: string, protocol = 'http'): GraphEdge {
  const found = graph.edges.find((e) => e.id === `${source}>${target}>${protocol}`);
  if (!found) throw new Error(`no edge ${source} → ${target}; edges: ${graph.edges.map((e) => e.id).join(', ')}`);
  return found;
}

describe('Prometheus with backfilled Istio metrics', () => {
  it('gives exact shares per edge, explicit 0 % for plaintext, null without destination data', async () => {
    const source = new PrometheusTelemetry({ url: prometheus.url });
    const result = await source.traffic(WINDOW, ['travel-agency', 'travel-portal'], { clientFailures: true });
    expect(result.queries).toBe(3);
    expect(result.window).toEqual(WINDOW);
    const graph = buildGraph(result.rows, { type: 'workload' });
    const voyages = edge(graph, 'workload:travel-portal/voyages', 'workload:travel-agency/travels');
    expect(voyages).toMatchObject({ mtlsPercent: 66.7, plaintextPercent: 33.3, security: 'partial', errorRate: 0 });
    expect(voyages.requestRate).toBeCloseTo(3 / STEP, 9);
    expect(voyages.sourcePrincipals).toEqual(['spiffe://cluster.local/ns/travel-portal/sa/voyages']);
    expect(edge(graph, 'outside', 'workload:travel-agency/travels')).toMatchObject({ mtlsPercent: 0, plaintextPercent: 100, security: 'plaintext' });
    expect(edge(graph, 'workload:travel-agency/travels', 'workload:travel-agency/hotels')).toMatchObject({ mtlsPercent: 100, security: 'mtls' });
    expect(edge(graph, 'workload:travel-portal/viaggi', 'workload:travel-agency/travels')).toMatchObject({ mtlsPercent: null, security: 'no-data', errorPercent: 100, health: 'failure' });
    const mysql = edge(graph, 'workload:travel-agency/hotels', 'workload:travel-agency/mysqldb', 'tcp');
    // Bytes both ways: (300 + 30) over mTLS, 100 in plaintext.
    expect(mysql).toMatchObject({ mtlsPercent: 76.7, plaintextPercent: 23.3 });
    expect(mysql.tcpSentBytesRate).toBeCloseTo(400 / STEP, 9);
    expect(mysql.tcpReceivedBytesRate).toBeCloseTo(30 / STEP, 9);
    expect(mysql.requestRate).toBeCloseTo(2 / STEP, 9);
    expect(graph.nodes.map((n) => n.namespace)).not.toContain('other');
  });

  it('ambient: requests from the waypoint, connections from ztunnel at the destination, each counted once', async () => {
    const result = await new PrometheusTelemetry({ url: prometheus.url }).traffic(WINDOW, ['shop'], { clientFailures: true });
    expect(result.queries).toBe(3);
    const graph = buildGraph(result.rows, { type: 'workload' });
    const web = edge(graph, 'workload:shop/web', 'workload:shop/api');
    expect(web).toMatchObject({ mtlsPercent: 100, security: 'mtls', errorRate: 0 });
    // Five requests a step: the waypoint's report, not doubled by web's ztunnel reporting its connections.
    expect(web.requestRate).toBeCloseTo(5 / STEP, 9);
    expect(web.sourcePrincipals).toEqual(['spiffe://cluster.local/ns/shop/sa/web']);
    expect(graph.edges.filter((e) => e.source === 'workload:shop/web' && e.target === 'workload:shop/api').map((e) => e.protocol)).toEqual(['http']);
    // The waypoint's hop is the endpoint ztunnel's connection, an edge of its own.
    expect(edge(graph, 'workload:shop/waypoint', 'workload:shop/api', 'tcp')).toMatchObject({ mtlsPercent: 100 });
    expect(edge(graph, 'workload:shop/web', 'workload:shop/db', 'tcp')).toMatchObject({ mtlsPercent: 100, security: 'mtls' });
    const cache = edge(graph, 'workload:shop/web', 'workload:shop/cache', 'tcp');
    expect(cache).toMatchObject({ mtlsPercent: 100 });
    expect(cache.requestRate).toBeCloseTo(3 / STEP, 9);
    expect(cache.tcpSentBytesRate).toBeCloseTo(60 / STEP, 9);
    // ztunnel's `unknown` at the destination is plaintext; its denials are failed connections.
    const outside = edge(graph, 'outside', 'workload:shop/db', 'tcp');
    expect(outside).toMatchObject({ mtlsPercent: 0, security: 'plaintext', errorPercent: 50 });
    expect(outside.requestRate).toBeCloseTo(2 / STEP, 9);
  });

  it('without clientFailures returns destination reports only', async () => {
    const result = await new PrometheusTelemetry({ url: prometheus.url }).traffic(WINDOW, ['travel-agency']);
    expect(result.rows.every((r) => r.reporter === 'destination')).toBe(true);
    expect(result.rows.some((r) => r.source.type === 'workload' && r.source.workload === 'viaggi')).toBe(false);
  });

  it('sends three queries per call whatever the namespace count; all namespaces when none are named', async () => {
    const source = new PrometheusTelemetry({ url: prometheus.url });
    const many = Array.from({ length: 300 }, (_, i) => `ns-${i}`);
    for (const namespaces of [['travel-agency'], ['travel-agency', 'travel-portal', 'other'], [...many, 'travel-agency'], undefined]) {
      const before = source.queriesIssued;
      const result = await source.traffic(WINDOW, namespaces, { clientFailures: true });
      expect(source.queriesIssued - before).toBe(3);
      expect(result.queries).toBe(3);
    }
    const all = await source.traffic(WINDOW, undefined);
    expect(all.rows.some((r) => r.destination.namespace === 'other')).toBe(true);
  });

  it('answers the earlier callers within the same three queries, apart from the window’s rows', async () => {
    const source = new PrometheusTelemetry({ url: prometheus.url });
    const before = source.queriesIssued;
    const result = await source.traffic(WINDOW, ['travel-agency'], { clientFailures: true, earlierCallersSeconds: 86_400 });
    expect(source.queriesIssued - before).toBe(3);
    const pairs = (rows: readonly TrafficRow[]) => [...new Set(rows.map((r) => `${r.source.type === 'outside' ? 'outside' : r.source.workload}>${r.destination.workload}>${r.protocol}`))].sort();
    expect(pairs(result.rows)).not.toContain('legacy-client>cars>http');
    expect(pairs(result.earlierRows ?? [])).toEqual(['hotels>mysqldb>tcp', 'legacy-client>cars>http', 'outside>travels>http', 'travels>hotels>http', 'voyages>travels>http']);
    // Only destination reports say who called: the client's own failure reports stay out.
    expect(result.earlierRows?.every((r) => r.reporter === 'destination')).toBe(true);
    // The window's rows are those asked without the look-back.
    expect(pairs(result.rows)).toEqual(pairs((await source.traffic(WINDOW, ['travel-agency'], { clientFailures: true })).rows));
  });
});

describe('when Prometheus fails, the error says which and why', () => {
  let server: Server;
  let base: string;
  let reply: (res: import('node:http').ServerResponse) => void = () => undefined;
  beforeAll(async () => {
    server = createServer((_req, res) => reply(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a timeout', async () => {
    reply = () => undefined;
    await expect(new PrometheusTelemetry({ url: base, timeoutMs: 200 }).traffic(WINDOW)).rejects.toThrow(`Prometheus at ${base} did not answer within 0.2 s`);
  });

  it('a refused query, with Prometheus’s own reason', async () => {
    reply = (res) => res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'execution', error: 'query processing would load too many samples' }));
    await expect(new PrometheusTelemetry({ url: base }).traffic(WINDOW)).rejects.toThrow(`Prometheus at ${base} refused the query (execution: query processing would load too many samples)`);
  });

  it('something that is not Prometheus', async () => {
    reply = (res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
    await expect(new PrometheusTelemetry({ url: base }).traffic(WINDOW)).rejects.toThrow('answered HTTP 502 with "<html>Bad gateway</html>", not the Prometheus query API');
  });

  it('nothing listening', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await expect(new PrometheusTelemetry({ url }).traffic(WINDOW)).rejects.toThrow(`Prometheus at ${url} cannot be reached (ECONNREFUSED)`);
  });

  it('a bad URL or namespace, before any query', async () => {
    expect(() => new PrometheusTelemetry({ url: 'localhost:9090' })).toThrow('only http and https URLs');
    await expect(new PrometheusTelemetry({ url: base }).traffic(WINDOW, ['a"} or vector(1)'])).rejects.toThrow('not a namespace name');
  });
});
