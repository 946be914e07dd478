// GET /api/graph against a temporary demo copy: product.md's contract, what the console does without
// telemetry and when telemetry fails (an answer, not a blank page), and the checks on its query.
import { afterEach, describe, expect, it } from 'vitest';
import { decodeGraph, encodeGraph, GraphColumns, GraphDecodeError } from '../api/graph-columns.js';
import { Graph, NamespaceHealthReport } from '../api/graph-schemas.js';
import { REVISION_HEADER } from '../api/routes.js';
import { ApiErrorBody } from '../api/schemas.js';
import type { TrafficRow, TrafficWindow } from '../core/index.js';
import type { TelemetrySource, TrafficOptions } from '../telemetry/telemetry-source.js';
import { testConsole, type TestConsole } from '../testing/console-server.js';
import { graphRow } from '../testing/graph-rows.js';
import { AMBIENT_DEMO_FILES, AMBIENT_WAYPOINT } from '../testing/ambient-demo.js';

const open: TestConsole[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function consoleWith(traffic?: TelemetrySource): Promise<TestConsole> {
  const c = await testConsole({ traffic });
  open.push(c);
  return c;
}

/** Telemetry that always answers these rows. */
const fixedTraffic = (rows: readonly TrafficRow[]): TelemetrySource => ({
  description: 'a test source',
  traffic: async (window) => ({ rows: [...rows], queries: 1, window: { durationSeconds: window.durationSeconds, endSeconds: 1_800_000_000 } }),
});

const calls: { window: TrafficWindow; namespaces: readonly string[] | undefined; options: TrafficOptions | undefined }[] = [];
const lab: TelemetrySource = {
  description: 'a test source',
  async traffic(window, namespaces, options) {
    calls.push({ window, namespaces, options });
    return {
      rows: [
        graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 2 }),
        graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: false, rate: 1 }),
        graphRow({ from: 'outside', to: 'travel-agency/travels', mtls: false }),
      ],
      queries: 3,
      window: { durationSeconds: window.durationSeconds, endSeconds: window.endSeconds ?? 1_800_000_000 },
    };
  },
};

/** 2026-12-06T14:05:00Z */
const INCIDENT = 1_796_565_900;

async function graph(c: TestConsole, query: string): Promise<Graph> {
  const response = await c.app.inject({ url: `/api/graph${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return Graph.parse(response.json());
}

describe('GET /api/graph', () => {
  it('keeps product.md’s contract: nodes with id, namespace, workload, app, service, sidecar; edges with rates, shares and the prediction', async () => {
    const c = await consoleWith(lab);
    const body = await graph(c, '?namespaces=travel-agency,travel-portal&duration=15s&type=workload');
    expect(calls.at(-1)).toEqual({ window: { durationSeconds: 15 }, namespaces: ['travel-agency', 'travel-portal'], options: { clientFailures: true, firstAndLastSeen: false, earlierCallersSeconds: 86_400 } });
    expect(body.telemetry).toEqual({ source: 'a test source', queries: 3, error: null });
    expect(body).toMatchObject({ graphType: 'workload', durationSeconds: 15, endSeconds: 1_800_000_000 });
    expect(body.nodes.find((n) => n.id === 'workload:travel-agency/travels')).toMatchObject({ namespace: 'travel-agency', workload: 'travels', app: 'travels', service: 'travels', sidecar: true });
    expect(body.edges.find((e) => e.source === 'workload:travel-portal/voyages')).toMatchObject({
      target: 'workload:travel-agency/travels',
      protocol: 'http',
      requestRate: 3,
      errorRate: 0,
      mtlsPercent: 66.7,
      plaintextPercent: 33.3,
      predictedOutcome: 'mtls',
      mismatch: { kind: 'plaintext-where-mtls-expected' },
    });
    expect(body.edges.find((e) => e.source === 'outside')).toMatchObject({ mtlsPercent: 0, plaintextPercent: 100, predictedOutcome: 'plaintext', mismatch: null });
  });

  it('without telemetry: the configured workloads, no edges, and says there is no source', async () => {
    const c = await consoleWith();
    const body = await graph(c, '?namespaces=legacy');
    expect(body.telemetry).toEqual({ source: null, queries: 0, error: null });
    expect(body.nodes).toEqual([expect.objectContaining({ id: 'workload:legacy/legacy-client', sidecar: false })]);
    expect(body.edges).toEqual([]);
  });

  it('when telemetry fails: 200 with the error and the configured workloads, never a blank answer', async () => {
    const c = await consoleWith({
      description: 'Prometheus at http://127.0.0.1:9',
      traffic: () => Promise.reject(new Error('Prometheus at http://127.0.0.1:9 did not answer within 10 s')),
    });
    const body = await graph(c, '?namespaces=travel-agency');
    expect(body.telemetry.error).toBe('Prometheus at http://127.0.0.1:9 did not answer within 10 s');
    expect(body.nodes.map((n) => n.id)).toContain('workload:travel-agency/travels');
  });

  it.each(['2026-12-06T14:05:00Z', '2026-12-06T16:05:00+02:00', '2026-12-06t14:05:00.750z', String(INCIDENT)])('end=%s asks the window ending then, and the graph names that end', async (end) => {
    const c = await consoleWith(lab);
    const body = await graph(c, `?duration=5m&end=${encodeURIComponent(end)}`);
    expect(calls.at(-1)?.window).toEqual({ durationSeconds: 300, endSeconds: INCIDENT });
    expect(body).toMatchObject({ durationSeconds: 300, endSeconds: INCIDENT });
  });

  it('names the asked end when telemetry fails too', async () => {
    const c = await consoleWith({ description: 'a failing source', traffic: () => Promise.reject(new Error('no answer')) });
    const body = await graph(c, `?end=${INCIDENT}`);
    expect(body).toMatchObject({ endSeconds: INCIDENT, telemetry: { error: 'no answer' } });
  });

  it.each([
    ['?type=pods', 'query.type'],
    ['?duration=2d', 'query.duration: at most 1d'],
    ['?duration=10', 'query.duration'],
    ['?namespaces=Bad_Name', 'query.namespaces'],
    ['?end=yesterday', 'query.end: RFC 3339 such as 2026-12-06T14:05:00Z, or whole seconds since the epoch'],
    ['?end=2026-02-30T14:05:00Z', 'query.end: no such date or time'],
    ['?end=1796565900000', 'query.end: seconds since the epoch, not milliseconds'],
  ])('%s is a 400 naming the parameter', async (query, message) => {
    const c = await consoleWith(lab);
    const response = await c.app.inject({ url: `/api/graph${query}` });
    expect(response.statusCode).toBe(400);
    expect(ApiErrorBody.parse(response.json()).error.message).toContain(message);
  });

  it('idleNodes=true adds the workloads that carried no traffic', async () => {
    const c = await consoleWith(lab);
    const body = await graph(c, '?namespaces=travel-agency&idleNodes=true');
    expect(body.nodes.find((n) => n.id === 'workload:travel-agency/mysqldb')?.health.status).toBe('idle');
  });
});

describe('the revision of an answer', () => {
  it('names the configuration revision the graph was made from, as /api/session and /api/events count them', async () => {
    const c = await consoleWith(lab);
    const session = (await c.app.inject({ url: '/api/session' })).json() as { revision: number };
    const response = await c.app.inject({ url: '/api/graph?encoding=columns' });
    expect(response.headers[REVISION_HEADER]).toBe(String(session.revision));
  });
});

describe('GET /api/graph?encoding=columns', () => {
  it('answers the same graph in columns, which the shared decoder turns back into the documented JSON', async () => {
    const c = await consoleWith({
      description: 'a test source',
      traffic: async (window) => ({
        rows: [
          graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', rate: 2 }),
          graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels', mtls: false, rate: 1 }),
          graphRow({ from: 'outside', to: 'travel-agency/travels', mtls: false }),
          graphRow({ from: 'travel-agency/travels', to: 'travel-agency/hotels', rate: 3, code: '503' }),
          graphRow({ from: 'travel-agency/hotels', to: 'travel-agency/mysqldb', protocol: 'tcp', bytes: 500 }),
          graphRow({ from: 'travel-portal/travels', to: 'travel-agency/travels', reporter: 'source', code: '503', flags: 'UC' }),
        ],
        queries: 3,
        window: { durationSeconds: window.durationSeconds, endSeconds: 1_800_000_000 },
      }),
    });
    const json = await graph(c, '?type=workload');
    const response = await c.app.inject({ url: '/api/graph?type=workload&encoding=columns' });
    expect(response.statusCode, response.body).toBe(200);
    const columns = GraphColumns.parse(response.json());
    expect(columns.format).toBe('columns/2');
    expect(decodeGraph(columns)).toEqual(json);
    expect(json.edges.some((e) => e.mismatch !== null && e.predictions.length > 0 && e.responses.length > 0)).toBe(true);
  });

  it('refuses columns that do not make a graph, naming what is wrong', () => {
    const good = encodeGraph({ graphType: 'workload', durationSeconds: 600, endSeconds: null, telemetry: { source: null, queries: 0, error: null }, nodes: [], edges: [], namespaces: [] });
    expect(decodeGraph(good).nodes).toEqual([]);
    const node = { id: [0], kind: [1], namespace: [2], workload: [-1], app: [-1], version: [-1], service: [-1], sidecar: [-1], dataplane: [-1], waypoint: [-1], health: [3, 0, 0, null, 3, 0, 0, null, 3, 0, 0, null] };
    const strings = ['n', 'workload', 'ns', 'healthy'];
    expect(decodeGraph({ ...good, strings, nodes: node }).nodes[0]).toMatchObject({ id: 'n', kind: 'workload', namespace: 'ns', sidecar: null });
    expect(() => decodeGraph({ ...good, strings, nodes: { ...node, kind: [7] } })).toThrow(GraphDecodeError);
    expect(() => decodeGraph({ ...good, strings, nodes: { ...node, kind: [3] } })).toThrow('kind: healthy is not one of workload, app, service, outside');
    expect(() => decodeGraph({ ...good, strings, nodes: { ...node, dataplane: [1] } })).toThrow('dataplane: workload is not one of sidecar, ambient, none');
  });

  it('carries data planes and waypoints both ways on an ambient mesh', async () => {
    const c = await testConsole({ files: AMBIENT_DEMO_FILES, traffic: fixedTraffic([graphRow({ from: 'travel-portal/voyages', to: 'travel-agency/travels' }), graphRow({ from: 'travel-agency/travels', to: 'travel-agency/hotels' })]) });
    open.push(c);
    const json = await graph(c, '?type=workload&idleNodes=true&namespaces=travel-agency,travel-portal,legacy');
    const columns = GraphColumns.parse((await c.app.inject({ url: '/api/graph?type=workload&idleNodes=true&namespaces=travel-agency,travel-portal,legacy&encoding=columns' })).json());
    expect(decodeGraph(columns)).toEqual(json);
    expect(json.edges.map((e) => [e.id, e.waypoint, e.predictions.map((p) => p.waypoint)])).toEqual([
      ['workload:travel-agency/travels>workload:travel-agency/hotels>http', AMBIENT_WAYPOINT, [AMBIENT_WAYPOINT]],
      ['workload:travel-portal/voyages>workload:travel-agency/travels>http', null, [null]],
    ]);
    expect(new Set(json.nodes.map((n) => `${n.dataplane}:${n.waypoint}`))).toEqual(new Set([`ambient:${AMBIENT_WAYPOINT}`, 'sidecar:null', 'none:null']));
  });
});

describe('GET /api/health', () => {
  it('gives the namespaces’ traffic health of the window, and the same answer to requests within a second', async () => {
    const c = await consoleWith(lab);
    const asked = calls.length;
    const [first, second] = await Promise.all([c.app.inject({ url: '/api/health?duration=15s' }), c.app.inject({ url: '/api/health?duration=15s' })]);
    expect(first.statusCode, first.body).toBe(200);
    const body = NamespaceHealthReport.parse(first.json());
    expect(second.json()).toEqual(body);
    // One telemetry read for both, over the window only.
    expect(calls.slice(asked)).toEqual([{ window: { durationSeconds: 15 }, namespaces: undefined, options: { clientFailures: true, firstAndLastSeen: false } }]);
    expect(body).toMatchObject({ durationSeconds: 15, telemetry: { source: 'a test source', queries: 3, error: null } });
    expect(body.namespaces.map((n) => [n.namespace, n.status])).toEqual([
      ['travel-agency', 'healthy'],
      ['travel-portal', 'healthy'],
    ]);
  });
});
