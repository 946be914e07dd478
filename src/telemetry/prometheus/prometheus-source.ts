// Observed traffic from a Prometheus that scrapes Istio's standard metrics, over its HTTP API: three instant
// queries per call (promql.ts), each bounded by a timeout, every failure turned into a sentence that says
// which Prometheus, which query and what went wrong.
import type { TrafficRow, TrafficWindow } from '../../core/index.js';
import { PEER_LABELS, trafficRowFromLabels, type LabelSet } from '../istio-row.js';
import type { TelemetrySource, TrafficOptions, TrafficResult } from '../telemetry-source.js';
import { graphQueries, invalidNamespaces, METRIC_LABEL, WINDOW_LABEL } from './promql.js';

export interface PrometheusOptions {
  /** Base URL, e.g. http://127.0.0.1:9090 (a path prefix such as /prometheus is kept). */
  readonly url: string;
  /** Per query; default 10 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** Seconds since the epoch, for the window's end when the caller gives none. */
  readonly clock?: () => number;
}

interface Sample {
  readonly metric: LabelSet;
  readonly value: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export class PrometheusTelemetry implements TelemetrySource {
  readonly description: string;
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: () => number;
  private issued = 0;

  constructor(options: PrometheusOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new Error(`--prometheus ${options.url}: not a URL; give one like http://127.0.0.1:9090`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--prometheus ${options.url}: only http and https URLs`);
    this.base = url.href.replace(/\/+$/, '');
    this.description = `Prometheus at ${this.base}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  }

  /** HTTP queries sent since this source was made: the bench counts them per graph request. */
  get queriesIssued(): number {
    return this.issued;
  }

  async traffic(window: TrafficWindow, namespaces?: readonly string[], options: TrafficOptions = {}): Promise<TrafficResult> {
    const bad = invalidNamespaces(namespaces ?? []);
    if (bad.length > 0) throw new Error(`not a namespace name: ${bad.join(', ')}`);
    const seconds = Math.max(1, Math.round(window.durationSeconds));
    const end = window.endSeconds ?? this.clock();
    if (namespaces && namespaces.length === 0) return { rows: [], queries: 0, window: { durationSeconds: seconds, endSeconds: end } };
    const earlierSeconds = options.earlierCallersSeconds === undefined ? undefined : Math.max(seconds, Math.round(options.earlierCallersSeconds));
    const queries = graphQueries(seconds, namespaces, options.clientFailures ?? false, earlierSeconds);
    const [requests, bytes, connections] = await Promise.all([this.query(queries.requests, end), this.query(queries.tcpBytes, end), this.query(queries.tcpConnections, end)]);
    const earlier = (sample: Sample) => sample.metric[WINDOW_LABEL] === 'earlier';
    const rows = [...requests.filter((s) => !earlier(s)).map(requestRow), ...tcpRows(connections.filter((s) => !earlier(s)), bytes)];
    const answered = { durationSeconds: seconds, endSeconds: end };
    if (earlierSeconds === undefined) return { rows, queries: 3, window: answered };
    return { rows, queries: 3, window: answered, earlierRows: [...requests.filter(earlier).map(requestRow), ...tcpRows(connections.filter(earlier), [])] };
  }

  private async query(promql: string, time: number): Promise<Sample[]> {
    this.issued++;
    const where = this.description;
    let response: Response;
    try {
      // POST: with many namespaces the regex outgrows a URL.
      response = await this.fetchImpl(`${this.base}/api/v1/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ query: promql, time: String(time) }).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new Error(`${where} ${failureText(error, this.timeoutMs)}`);
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`${where} answered HTTP ${response.status} with ${text ? `"${text.slice(0, 120).trim()}"` : 'an empty body'}, not the Prometheus query API`);
    }
    const parsed = body as { status?: unknown; error?: unknown; errorType?: unknown; data?: { resultType?: unknown; result?: unknown } };
    if (!response.ok || parsed.status !== 'success') {
      const reason = typeof parsed.error === 'string' ? `${typeof parsed.errorType === 'string' ? `${parsed.errorType}: ` : ''}${parsed.error}` : `HTTP ${response.status}`;
      throw new Error(`${where} refused the query (${reason})`);
    }
    if (parsed.data?.resultType !== 'vector' || !Array.isArray(parsed.data.result)) throw new Error(`${where} answered a ${String(parsed.data?.resultType)} where an instant vector was expected`);
    const samples: Sample[] = [];
    for (const entry of parsed.data.result as { metric?: LabelSet; value?: [number, string] }[]) {
      const value = Number(entry.value?.[1]);
      if (entry.metric && Number.isFinite(value) && value > 0) samples.push({ metric: entry.metric, value });
    }
    return samples;
  }
}

function failureText(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `did not answer within ${timeoutMs / 1000} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return `cannot be reached (${code ?? (cause instanceof Error ? cause.message : String(cause))})`;
}

const NO_BYTES = { tcpSentBytesPerSecond: 0, tcpReceivedBytesPerSecond: 0 };

function requestRow(sample: Sample): TrafficRow {
  return trafficRowFromLabels(sample.metric, { requestsPerSecond: sample.value, ...NO_BYTES });
}

const TCP_KEY = [...PEER_LABELS, 'response_flags', 'reporter'];
const tcpKey = (metric: LabelSet) => TCP_KEY.map((name) => metric[name] ?? '').join('\u0000');

/** Connection rates joined with byte rates on the same series; bytes without new connections still count (long-lived connections). */
function tcpRows(connections: readonly Sample[], bytes: readonly Sample[]): TrafficRow[] {
  const series = new Map<string, { metric: LabelSet; connections: number; sent: number; received: number }>();
  const entry = (metric: LabelSet) => {
    const key = tcpKey(metric);
    let found = series.get(key);
    if (!found) series.set(key, (found = { metric, connections: 0, sent: 0, received: 0 }));
    return found;
  };
  for (const sample of connections) entry(sample.metric).connections += sample.value;
  for (const sample of bytes) {
    const found = entry(sample.metric);
    if (sample.metric[METRIC_LABEL] === 'sent') found.sent += sample.value;
    else found.received += sample.value;
  }
  return [...series.values()].map((s) =>
    trafficRowFromLabels({ ...s.metric, request_protocol: 'tcp' }, { requestsPerSecond: s.connections, tcpSentBytesPerSecond: s.sent, tcpReceivedBytesPerSecond: s.received }),
  );
}
