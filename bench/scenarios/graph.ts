// The traffic graph at the quality bar's size, 5,000 nodes and 25,000 edges: (a) the build from telemetry
// rows, with and without the engine's predictions; (b) Prometheus queries per graph request, counted against
// Debian's Prometheus on backfilled data for 1 to 500 namespaces; (c) in Chromium, the console's graph page
// from navigation start to the first drawn frame, and frame times while panning it with the mouse.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/cli/source.js';
import { buildGraph, buildSnapshot, MtlsEngine, Predictor, type Snapshot } from '../../src/core/index.js';
import type { TrafficRow } from '../../src/core/index.js';
import { istioLabels } from '../../src/telemetry/embedded/store.js';
import { createServer } from '../../src/server/create-server.js';
import { FileSource } from '../../src/sources/files/file-source.js';
import { LiveMesh } from '../../src/sources/live-mesh.js';
import { PrometheusTelemetry } from '../../src/telemetry/prometheus/prometheus-source.js';
import type { TelemetrySource } from '../../src/telemetry/telemetry-source.js';
import type { Page } from 'playwright-core';
import { launchChromium } from '../chromium.js';
import { generateMesh, type GeneratedMesh } from '../generate-mesh.js';
import { syntheticTraffic } from '../graph-traffic.js';
import { repeat, round, type Timing } from '../measure.js';
import { backfilledPrometheus, type OpenMetricsSeries } from '../../src/testing/prometheus.js';
import { loadMesh } from './engine.js';

export const GRAPH_NAMESPACES = 500;
export const GRAPH_WORKLOADS_PER_NAMESPACE = 10;
export const GRAPH_EDGES = 25_000;

export interface GraphBuildFigures {
  nodes: number;
  edges: number;
  rows: number;
  /** Telemetry rows to the graph with health and mTLS shares. */
  telemetryOnly: Timing;
  /** Plus the engine's predicted outcome and mismatch flag on every edge, as a console refresh builds it: predictions of the revision kept. */
  withPredictions: Timing;
  /** The first build of a revision (a fresh engine each run): every edge asks the engine. */
  withPredictionsCold: Timing;
  limits: { buildMs: number; withinLimits: boolean };
}

export interface GraphQueryFigures {
  /** Queries one graph request sent, by the number of namespaces asked for (`all` = no filter). */
  perRequest: { namespaces: number | 'all'; queries: number }[];
  seriesBackfilled: number;
  /** Wall time of the three queries for every namespace. */
  allNamespacesMs: number;
  limits: { queries: number; withinLimits: boolean };
}

export interface GraphBrowserFigures {
  nodes: number;
  edges: number;
  /** GET /api/graph on the server: telemetry rows to JSON. */
  apiMs: number;
  apiMegabytes: number;
  /** Navigation start to the first frame with the whole graph drawn. */
  firstPaintMs: number;
  /** When, from navigation start, the page had the graph's data parsed, its layout back, the elements created, and the first frame drawn. */
  marks: { dataMs: number; layoutMs: number; createdMs: number; drawnMs: number };
  layout: string;
  layoutMs: number;
  /** Frame intervals while dragging the canvas for about two seconds. */
  pan: PanFigures;
}

export interface PanFigures {
  frames: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Mouse moves of the drag, and frames that showed the graph somewhere else than the frame before. */
  moves: number;
  movesShown: number;
}

/** The synthetic mesh of the graph bar and its traffic. */
export function graphWorld(): { mesh: GeneratedMesh; snapshot: Snapshot; rows: TrafficRow[] } {
  const mesh = generateMesh({ namespaces: GRAPH_NAMESPACES, workloadsPerNamespace: GRAPH_WORKLOADS_PER_NAMESPACE, seed: 3 });
  const { objects, problems } = loadMesh(mesh);
  const snapshot = buildSnapshot(objects, problems);
  return { mesh, snapshot, rows: syntheticTraffic(snapshot, { edges: GRAPH_EDGES }) };
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

export function benchGraphBuild(world = graphWorld()): GraphBuildFigures {
  const graph = buildGraph(world.rows, { type: 'workload' });
  gc();
  const telemetryOnly = repeat(5, () => buildGraph(world.rows, { type: 'workload' }));
  gc();
  const withPredictionsCold = repeat(5, () => buildGraph(world.rows, { type: 'workload', engine: new MtlsEngine(world.snapshot) }));
  const predictor = new Predictor(new MtlsEngine(world.snapshot));
  buildGraph(world.rows, { type: 'workload', predictor });
  gc();
  const withPredictions = repeat(5, () => buildGraph(world.rows, { type: 'workload', predictor }));
  return {
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    rows: world.rows.length,
    telemetryOnly,
    withPredictions,
    withPredictionsCold,
    limits: { buildMs: 300, withinLimits: telemetryOnly.medianMs <= 300 && withPredictions.medianMs <= 300 },
  };
}

/** The rows as destination-reported counters of 11 samples, 15 s apart, ending now. */
function seriesOf(rows: readonly TrafficRow[]): OpenMetricsSeries[] {
  const end = Math.floor(Date.now() / 15_000) * 15;
  const samples = (perSecond: number) => Array.from({ length: 11 }, (_, k) => [end - (10 - k) * 15, Math.round(k * 15 * perSecond * 100) / 100] as const);
  return rows.map((row) => {
    const source = row.source.type === 'workload' ? row.source : undefined;
    const labels = istioLabels({
      reporter: 'destination',
      ...(source && { source_workload: source.workload, source_workload_namespace: source.namespace, source_canonical_service: source.app ?? source.workload, source_principal: source.principal ?? 'unknown' }),
      destination_workload: row.destination.workload,
      destination_workload_namespace: row.destination.namespace,
      destination_canonical_service: row.destination.app ?? row.destination.workload,
      destination_service: row.destination.service ?? 'unknown',
      destination_service_namespace: row.destination.namespace,
      request_protocol: row.protocol,
      response_code: row.responseCode,
      connection_security_policy: row.securityPolicy,
    });
    return { name: row.protocol === 'tcp' ? 'istio_tcp_connections_opened_total' : 'istio_requests_total', labels, samples: samples(row.requestsPerSecond) };
  });
}

export async function benchGraphQueries(world = graphWorld()): Promise<GraphQueryFigures> {
  // A fifth of the edges keeps the backfill short; the query count does not depend on the data.
  const rows = world.rows.slice(0, Math.floor(world.rows.length / 5));
  const series = seriesOf(rows);
  const prometheus = await backfilledPrometheus(series);
  try {
    const source = new PrometheusTelemetry({ url: prometheus.url, timeoutMs: 30_000 });
    const namespaces = [...new Set(world.snapshot.workloads.map((w) => w.namespace))].sort();
    const perRequest: GraphQueryFigures['perRequest'] = [];
    let allNamespacesMs = 0;
    for (const count of [1, 10, 100, namespaces.length, 'all'] as const) {
      const before = source.queriesIssued;
      const started = performance.now();
      const result = await source.traffic({ durationSeconds: 120 }, count === 'all' ? undefined : namespaces.slice(0, count), { clientFailures: true });
      if (count === 'all') allNamespacesMs = performance.now() - started;
      if (count === 'all' && result.rows.length === 0) throw new Error('the backfilled Prometheus returned no traffic');
      perRequest.push({ namespaces: count, queries: source.queriesIssued - before });
    }
    return { perRequest, seriesBackfilled: series.length, allNamespacesMs: round(allNamespacesMs), limits: { queries: 3, withinLimits: perRequest.every((p) => p.queries <= 3) } };
  } finally {
    await prometheus.stop();
  }
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** The sizes of the graph-speed table (issue 15) and their goals, navigation → whole graph drawn. */
export const GRAPH_SIZES: readonly { nodes: number; edges: number; goalMs: number }[] = [
  { nodes: 100, edges: 300, goalMs: 600 },
  { nodes: 300, edges: 900, goalMs: 800 },
  { nodes: 1_000, edges: 3_000, goalMs: 1_000 },
  { nodes: 5_000, edges: 15_000, goalMs: 3_000 },
  { nodes: 20_000, edges: 60_000, goalMs: 8_000 },
];
/** Panning goal at every size: a frame every 33 ms at the 95th percentile. */
export const PAN_P95_GOAL_MS = 33;
/** Mouse moves of one pan measurement. */
const PAN_MOVES = 120;
/** Short frames count only if they showed the drag: most moves (a few may share a frame) drawn where the mouse took the graph. */
const panShowsMoves = (pan: PanFigures) => pan.movesShown >= pan.moves * 0.8;

export interface GraphSizeRow {
  /** What was asked for, and what the page drew (workloads without traffic drop out; `outside` adds one). */
  asked: { nodes: number; edges: number };
  nodes: number;
  edges: number;
  layout: string;
  layoutMs: number;
  /** The bytes the page fetched for the graph, and the documented JSON of the same graph. */
  wireMegabytes: number;
  jsonMegabytes: number;
  /**
   * The server's first answer to /api/graph for this world: building and encoding the graph. The server keeps
   * it while the telemetry rows stay equal (src/reports/graph.ts), so the measured loads below reuse it; a
   * first visit while the rows keep moving costs about this much more.
   */
  serverFirstBuildMs: number;
  /** Navigation start → the whole graph drawn, median of the measured loads (after one warm-up load). */
  firstPaintMs: number;
  loadsMs: number[];
  /** Of the last load, from navigation start: graph data in hand, layout back, elements created, first frame drawn. */
  marks: Record<string, number>;
  pan: PanFigures;
  goalMs: number;
  withinGoal: boolean;
}

function sizedWorld(nodes: number, edges: number): ReturnType<typeof graphWorld> {
  const mesh = generateMesh({ namespaces: Math.max(1, Math.round(nodes / 10)), workloadsPerNamespace: 10, seed: 5 });
  const { objects, problems } = loadMesh(mesh);
  const snapshot = buildSnapshot(objects, problems);
  return { mesh, snapshot, rows: syntheticTraffic(snapshot, { edges }) };
}

/**
 * Frame intervals while dragging the canvas in a circle for about two seconds with the mouse, and how many
 * frames showed the graph moved (the viewport the canvas shows, read every frame): a renderer that skipped
 * drawing while dragging would have short frames and few moves shown.
 */
async function panFrames(page: Page): Promise<PanFigures> {
  const box = await page.locator('.ml-graph-cy').boundingBox();
  if (!box) throw new Error('the graph canvas has no box');
  // A string, so a bundler's helpers (tsx names functions) never end up in the page.
  await page.evaluate(`(() => {
    window.benchFrames = [];
    window.benchShown = [];
    window.benchRecording = true;
    const tick = (t) => {
      const shown = window.meshlockGraph.shownView();
      window.benchFrames.push(t);
      window.benchShown.push(shown ? shown.x + ',' + shown.y + ',' + shown.zoom : '');
      if (window.benchRecording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 1; i <= PAN_MOVES; i++) {
    const angle = (i / PAN_MOVES) * Math.PI * 2;
    await page.mouse.move(cx + Math.sin(angle) * 200, cy + (1 - Math.cos(angle)) * 120);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const { frames, shown } = (await page.evaluate('(() => { window.benchRecording = false; return { frames: window.benchFrames, shown: window.benchShown }; })()')) as { frames: number[]; shown: string[] };
  const intervals = frames.slice(1).map((t, i) => t - (frames[i] ?? t)).sort((a, b) => a - b);
  const movesShown = shown.filter((view, i) => i > 0 && view !== shown[i - 1]).length;
  return { frames: intervals.length, medianMs: round(percentile(intervals, 0.5)), p95Ms: round(percentile(intervals, 0.95)), maxMs: round(intervals.at(-1) ?? 0), moves: PAN_MOVES, movesShown };
}

/**
 * The graph-speed table: for each size a console over a generated mesh with synthetic traffic, and in
 * Chromium (1,440×900) navigation start → the whole graph drawn, median of `loads` page loads after a warm-up
 * (the browser's cache then holds the app, as for a returning user), then panning frame times.
 */
export async function benchGraphSizes(options: { webRoot?: string; sizes?: typeof GRAPH_SIZES; loads?: number; query?: string; chromiumArgs?: readonly string[] } = {}): Promise<GraphSizeRow[]> {
  const webRoot = options.webRoot ?? join(packageRoot(), 'dist', 'web');
  const browser = await launchChromium(options.chromiumArgs);
  const rows: GraphSizeRow[] = [];
  try {
    for (const size of options.sizes ?? GRAPH_SIZES) {
      const world = sizedWorld(size.nodes, size.edges);
      const dir = mkdtempSync(join(tmpdir(), 'meshlock-bench-graph-'));
      for (const file of world.mesh.files) writeFileSync(join(dir, file.name), file.text);
      const traffic: TelemetrySource = {
        description: 'synthetic traffic',
        traffic: async (window) => ({ rows: world.rows, queries: 0, window: { durationSeconds: window.durationSeconds, endSeconds: Math.floor(Date.now() / 1000) } }),
      };
      const source = await FileSource.open([dir], dir, { watch: false });
      const app = await createServer({ mesh: new LiveMesh(source), webRoot, traffic });
      try {
        const building = performance.now();
        const json = await app.inject({ url: '/api/graph' });
        const serverFirstBuildMs = round(performance.now() - building);
        await app.listen({ port: 0, host: '127.0.0.1' });
        const address = app.server.address();
        const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graph?refresh=0&security=1${options.query ?? ''}`;
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        let wireBytes = 0;
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('console', (message) => (message.type() === 'error' ? problems.push(message.text()) : undefined));
        page.on('response', (response) => {
          if (new URL(response.url()).pathname === '/api/graph') void response.body().then((b) => (wireBytes = b.length), () => undefined);
        });
        const canvas = page.locator('[data-testid="graph-canvas"][data-rendered="true"]');
        const loadsMs: number[] = [];
        for (let load = 0; load <= (options.loads ?? 3); load++) {
          await page.goto(url, { waitUntil: 'commit' });
          await canvas.waitFor({ timeout: 180_000 }).catch((error: unknown) => {
            throw new Error(`${size.nodes} nodes / ${size.edges} edges were not drawn: ${problems.join('; ') || String(error)}`);
          });
          if (load > 0) loadsMs.push(Number(await canvas.getAttribute('data-first-paint-ms')));
        }
        const attribute = async (name: string) => Number((await canvas.getAttribute(`data-${name}`)) ?? NaN);
        const marks = (await page.evaluate(`Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('graph:')).map((m) => [m.name.slice(6), Math.round(m.startTime)]))`)) as Record<string, number>;
        const pan = await panFrames(page);
        const sorted = [...loadsMs].sort((a, b) => a - b);
        const firstPaintMs = sorted[Math.floor(sorted.length / 2)] ?? NaN;
        rows.push({
          asked: { nodes: size.nodes, edges: size.edges },
          nodes: await attribute('nodes'),
          edges: await attribute('edges'),
          layout: (await canvas.getAttribute('data-layout')) ?? '',
          layoutMs: await attribute('layout-ms'),
          wireMegabytes: round(wireBytes / 1e6),
          jsonMegabytes: round(json.body.length / 1e6),
          serverFirstBuildMs,
          firstPaintMs,
          loadsMs,
          marks,
          pan,
          goalMs: size.goalMs,
          withinGoal: firstPaintMs <= size.goalMs && pan.p95Ms <= PAN_P95_GOAL_MS && panShowsMoves(pan),
        });
        await context.close();
      } finally {
        await app.close();
        await source.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  return rows;
}

export async function benchGraphBrowser(options: { world?: ReturnType<typeof graphWorld>; webRoot?: string } = {}): Promise<GraphBrowserFigures> {
  const world = options.world ?? graphWorld();
  // `npm run bench` builds first, so dist/web is the current web app.
  const webRoot = options.webRoot ?? join(packageRoot(), 'dist', 'web');
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-bench-graph-'));
  for (const file of world.mesh.files) writeFileSync(join(dir, file.name), file.text);
  const traffic: TelemetrySource = {
    description: 'synthetic traffic',
    traffic: async (window) => ({ rows: world.rows, queries: 0, window: { durationSeconds: window.durationSeconds, endSeconds: Math.floor(Date.now() / 1000) } }),
  };
  const source = await FileSource.open([dir], dir, { watch: false });
  const app = await createServer({ mesh: new LiveMesh(source), webRoot, traffic });
  const browser = await launchChromium();
  try {
    await app.inject({ url: '/api/graph' });
    const apiStart = performance.now();
    const api = await app.inject({ url: '/api/graph' });
    const apiMs = performance.now() - apiStart;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graph?refresh=0&security=1`;
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const canvas = page.locator('[data-testid="graph-canvas"][data-rendered="true"]');
    await canvas.waitFor({ timeout: 120_000 });
    const attribute = async (name: string) => Number((await canvas.getAttribute(`data-${name}`)) ?? NaN);
    const layout = (await canvas.getAttribute('data-layout')) ?? '';
    const marks = (await page.evaluate(`Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('graph:')).map((m) => [m.name.slice(6), Math.round(m.startTime)]))`)) as Record<string, number>;
    const pan = await panFrames(page);
    return {
      nodes: await attribute('nodes'),
      edges: await attribute('edges'),
      apiMs: round(apiMs),
      apiMegabytes: round(api.body.length / 1e6),
      firstPaintMs: await attribute('first-paint-ms'),
      marks: { dataMs: marks.data ?? NaN, layoutMs: marks.layout ?? NaN, createdMs: marks.created ?? NaN, drawnMs: marks.drawn ?? NaN },
      layout,
      layoutMs: await attribute('layout-ms'),
      pan,
    };
  } finally {
    await browser.close();
    await app.close();
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
