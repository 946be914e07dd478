// The lab's telemetry as TrafficRows (the TelemetrySource interface): destination- and waypoint-reported
// requests and TCP connections over a window (who reports what: promql.ts), from the in-process store or from a running lab's GET /api/telemetry. The store
// keeps totals every few seconds, so rows also say when their traffic was first and last seen in the window,
// which readiness shows; that is found by asking for shorter and shorter windows.
import type { SeenTrafficRow } from '../../core/index.js';
import type { TrafficRow, TrafficWindow } from '../../core/index.js';
import { PEER_LABELS as ISTIO_PEER_LABELS, trafficRowFromLabels } from '../istio-row.js';
import type { TelemetrySource, TrafficOptions, TrafficResult } from '../telemetry-source.js';
import type { IstioLabel, QueryResult, QueryableName, TelemetryStore } from './store.js';

type Labels = Readonly<Record<string, string>>;
/** One windowed `sum by` of a metric's series from one reporter. */
type Query = (metric: QueryableName, by: readonly IstioLabel[], windowMs: number, reporter: Reporter) => Promise<readonly QueryResult[]>;
type Reporter = 'destination' | 'waypoint';

/** A metric as the server side saw it: the endpoint's sidecar or ztunnel, or a waypoint for what it carried. */
async function serverSide(query: Query, metric: QueryableName, by: readonly IstioLabel[], windowMs: number): Promise<QueryResult[]> {
  const [served, carried] = await Promise.all([query(metric, by, windowMs, 'destination'), query(metric, by, windowMs, 'waypoint')]);
  return [...served, ...carried];
}

const PEER_LABELS: readonly IstioLabel[] = ISTIO_PEER_LABELS;
const REQUEST_LABELS: readonly IstioLabel[] = [...PEER_LABELS, 'response_code', 'grpc_response_status', 'response_flags'];
/** Connections keep their flags: a connection ztunnel denied (DENY) is a failed one. */
const TCP_LABELS: readonly IstioLabel[] = [...PEER_LABELS, 'response_flags'];
/** The store keeps totals this often (Lab's checkpoint timer); first/last seen are this precise. */
const STEP_MS = 5_000;
/** Shorter windows asked for at most, so a long window costs a bounded number of queries. */
const MAX_SCANS = 180;
/**
 * The store keeps running totals and checkpoints to subtract from them, so it knows the increase up to now
 * only; a window with another end is refused rather than answered as if it ended now.
 */
export const ONLY_NOW = 'the lab answers only the window ending now: a window with an end (--end, end=) needs Prometheus (--prometheus URL)';

/**
 * The in-process store of a running lab, created when the lab starts: a window longer than the lab has run
 * is averaged over the time it did run, as Prometheus' rate() averages over the samples it has.
 */
export function labTrafficSource(store: TelemetryStore, clock: () => number = Date.now): TelemetrySource {
  const started = clock();
  return trafficSource('the lab’s embedded store', async (metric, by, windowMs, reporter) => store.query({ metric, by, match: { reporter }, windowMs }, clock()), { clock, seen: true, started });
}

/** A running `meshlock lab` at `baseUrl`, through its GET /api/telemetry; eight requests, so no first/last seen. */
export function labApiTrafficSource(baseUrl: string, clock: () => number = Date.now): TelemetrySource {
  return trafficSource(
    `the lab at ${baseUrl}`,
    async (metric, by, windowMs, reporter) => {
      const url = new URL('/api/telemetry', baseUrl);
      url.search = new URLSearchParams({ metric, by: by.join(','), window: String(windowMs / 1000), reporter }).toString();
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`${url.origin}${url.pathname} answered HTTP ${response.status}: ${(await response.text()).trim()}`);
      return (await response.json()) as QueryResult[];
    },
    { clock, seen: false },
  );
}

function trafficSource(description: string, query: Query, options: { clock: () => number; seen: boolean; started?: number }): TelemetrySource {
  const clock = options.clock;
  return {
    description,
    async traffic(window: TrafficWindow, namespaces?: readonly string[], trafficOptions?: TrafficOptions): Promise<TrafficResult> {
      if (window.endSeconds !== undefined) throw new Error(ONLY_NOW);
      const windowMs = window.durationSeconds * 1000;
      const end = clock();
      const seconds = Math.max(1, Math.min(window.durationSeconds, options.started === undefined ? Infinity : (end - options.started) / 1000));
      const [requests, connections, sent, received] = await Promise.all([
        serverSide(query, 'istio_requests_total', REQUEST_LABELS, windowMs),
        serverSide(query, 'istio_tcp_connections_opened_total', TCP_LABELS, windowMs),
        serverSide(query, 'istio_tcp_sent_bytes_total', TCP_LABELS, windowMs),
        serverSide(query, 'istio_tcp_received_bytes_total', TCP_LABELS, windowMs),
      ]);
      const seen = options.seen && trafficOptions?.firstAndLastSeen !== false ? await seenTimes(query, windowMs, end, [...requests.map((r) => keyOf(r.labels, REQUEST_LABELS)), ...connections.map((r) => keyOf(r.labels, TCP_LABELS))]) : new Map<string, { first: number; last: number }>();
      const bytes = (results: readonly QueryResult[]) => new Map(results.map((r) => [keyOf(r.labels, TCP_LABELS), r.value / seconds]));
      const sentBytes = bytes(sent);
      const receivedBytes = bytes(received);
      const rows: SeenTrafficRow[] = [
        ...requests.map((r) => row(r.labels, r.value / seconds, 0, 0, seen.get(keyOf(r.labels, REQUEST_LABELS)))),
        ...connections.map((r) => {
          const key = keyOf(r.labels, TCP_LABELS);
          return row({ ...r.labels, request_protocol: 'tcp' }, r.value / seconds, sentBytes.get(key) ?? 0, receivedBytes.get(key) ?? 0, seen.get(key));
        }),
      ].filter((r) => r.requestsPerSecond > 0 && inNamespaces(r, namespaces));
      const answered = { rows, queries: options.seen ? 0 : 8, window: { durationSeconds: window.durationSeconds, endSeconds: Math.floor(end / 1000) } };
      const earlierSeconds = trafficOptions?.earlierCallersSeconds;
      if (earlierSeconds === undefined) return answered;
      // Who called whom over the longer look-back (the store holds what it holds: the lab keeps 15 minutes).
      const [earlierRequests, earlierConnections] = await Promise.all([
        serverSide(query, 'istio_requests_total', PEER_LABELS, earlierSeconds * 1000),
        serverSide(query, 'istio_tcp_connections_opened_total', PEER_LABELS, earlierSeconds * 1000),
      ]);
      const earlierRows = [
        ...earlierRequests.map((r) => row(r.labels, r.value / earlierSeconds, 0, 0, undefined)),
        ...earlierConnections.map((r) => row({ ...r.labels, request_protocol: 'tcp' }, r.value / earlierSeconds, 0, 0, undefined)),
      ].filter((r) => r.requestsPerSecond > 0 && inNamespaces(r, namespaces));
      return { ...answered, queries: answered.queries + (options.seen ? 0 : 4), earlierRows };
    },
  };
}

/**
 * When each series was first and last seen: the shortest window that holds any of its increase (last seen)
 * and the shortest that holds all of it (first seen), stepping by the store's checkpoint interval.
 */
async function seenTimes(query: Query, windowMs: number, end: number, keys: readonly string[]): Promise<Map<string, { first: number; last: number }>> {
  const full = new Map<string, number>();
  const seen = new Map<string, { first?: number; last?: number }>();
  const steps = Math.min(MAX_SCANS, Math.ceil(windowMs / STEP_MS));
  // Step i looks back to `end - (i + 1) * STEP_MS`, a second more so the checkpoint taken then is inside.
  const points = Array.from({ length: steps }, (_, i) => Math.max(end - windowMs, end - (i + 1) * STEP_MS));
  const totals = await Promise.all(points.map((p) => Promise.all([serverSide(query, 'istio_requests_total', REQUEST_LABELS, end - p + 1_000), serverSide(query, 'istio_tcp_connections_opened_total', TCP_LABELS, end - p + 1_000)])));
  const at = (results: readonly [readonly QueryResult[], readonly QueryResult[]]) =>
    new Map([...results[0].map((r) => [keyOf(r.labels, REQUEST_LABELS), r.value] as const), ...results[1].map((r) => [keyOf(r.labels, TCP_LABELS), r.value] as const)]);
  const last = totals[totals.length - 1];
  for (const [key, value] of last ? at(last) : []) full.set(key, value);
  totals.forEach((results, i) => {
    for (const [key, value] of at(results)) {
      if (!(value > 0)) continue;
      const entry = seen.get(key) ?? {};
      entry.last ??= (i === 0 ? end : (points[i - 1] ?? end)) / 1000;
      if (entry.first === undefined && value >= (full.get(key) ?? Infinity)) entry.first = (points[i] ?? end) / 1000;
      seen.set(key, entry);
    }
  });
  const result = new Map<string, { first: number; last: number }>();
  for (const key of keys) {
    const entry = seen.get(key);
    if (entry?.first !== undefined && entry.last !== undefined) result.set(key, { first: Math.round(entry.first), last: Math.round(entry.last) });
  }
  return result;
}

function keyOf(labels: Labels, names: readonly IstioLabel[]): string {
  return names.map((n) => labels[n] ?? '').join('\u0000');
}

function row(labels: Labels, rate: number, sent: number, received: number, seen: { first: number; last: number } | undefined): SeenTrafficRow {
  const result = trafficRowFromLabels(labels, { requestsPerSecond: rate, tcpSentBytesPerSecond: sent, tcpReceivedBytesPerSecond: received });
  return seen ? { ...result, firstSeenSeconds: seen.first, lastSeenSeconds: seen.last } : result;
}

function inNamespaces(row: TrafficRow, namespaces: readonly string[] | undefined): boolean {
  if (!namespaces) return true;
  return namespaces.includes(row.destination.namespace) || (row.source.type === 'workload' && namespaces.includes(row.source.namespace));
}
