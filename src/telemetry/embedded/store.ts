// Istio's standard metrics as the sidecars emit them (istio-mtls-semantics §5.1–5.5): the same names, the
// same labels, `unknown` for missing values. One in-process store feeds both the Prometheus text at
// /metrics and in-process queries for use without Prometheus.

/** Every label Istio's stats filter puts on every standard metric, in the order it emits them. */
export const ISTIO_LABELS = [
  'reporter',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_service_name',
  'destination_service_namespace',
  'destination_cluster',
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
] as const;

export type IstioLabel = (typeof ISTIO_LABELS)[number];
export type IstioLabels = Readonly<Record<IstioLabel, string>>;

export type CounterName =
  | 'istio_requests_total'
  | 'istio_tcp_sent_bytes_total'
  | 'istio_tcp_received_bytes_total'
  | 'istio_tcp_connections_opened_total'
  | 'istio_tcp_connections_closed_total';
export type HistogramName = 'istio_request_duration_milliseconds';
/** Histograms are queried through their `_count` and `_sum` series, as in PromQL. */
export type QueryableName = CounterName | `${HistogramName}_count` | `${HistogramName}_sum`;

const HELP: Record<CounterName | HistogramName, string> = {
  istio_requests_total: 'Total requests.',
  istio_request_duration_milliseconds: 'Request duration in milliseconds.',
  istio_tcp_sent_bytes_total: 'Bytes sent to the downstream during TCP connections.',
  istio_tcp_received_bytes_total: 'Bytes received from the downstream during TCP connections.',
  istio_tcp_connections_opened_total: 'TCP connections opened.',
  istio_tcp_connections_closed_total: 'TCP connections closed.',
};

/** Istio's default duration buckets (milliseconds). */
const DURATION_BUCKETS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

/** Labels with Istio's defaults for what is not known: `unknown`, canonical revision `latest`, no flags `-`. */
export function istioLabels(known: Partial<IstioLabels> & Pick<IstioLabels, 'reporter'>): IstioLabels {
  const labels = {} as Record<IstioLabel, string>;
  for (const name of ISTIO_LABELS) labels[name] = known[name] ?? defaultValue(name);
  return labels;
}

/** Istio's canonical revision: the `version` label, else `latest`. */
export function canonicalRevision(version: string): string {
  return version === 'unknown' ? 'latest' : version;
}

function defaultValue(name: IstioLabel): string {
  if (name === 'source_canonical_revision' || name === 'destination_canonical_revision') return 'latest';
  if (name === 'response_flags') return '-';
  if (name === 'grpc_response_status') return '';
  if (name === 'response_code') return '0';
  return 'unknown';
}

interface Series {
  readonly labels: IstioLabels;
  value: number;
}

interface HistogramSeries {
  readonly labels: IstioLabels;
  /** The checkpoints' key for `_sum` (the series itself keys `_count`). */
  readonly sumKey: object;
  readonly buckets: number[];
  sum: number;
  count: number;
}

export interface QueryResult {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface TelemetryQuery {
  readonly metric: QueryableName;
  /** Exact label matches. */
  readonly match?: Partial<IstioLabels>;
  /** Labels to keep, as PromQL `sum by (...)`; the rest are summed away. */
  readonly by?: readonly IstioLabel[];
  /** Increase over the last window instead of the running total; needs `checkpoint` calls. */
  readonly windowMs?: number;
}

/**
 * Totals at one moment, by the stored series they were read from (a counter, or a histogram's count or
 * sum). Keyed by reference, so a checkpoint costs one map entry per series rather than a copy of its labels:
 * the lab keeps one every 5 s for 15 minutes.
 */
interface Checkpoint {
  readonly at: number;
  readonly values: ReadonlyMap<object, number>;
}

/** One queryable series: `source` is the stored object it reads, the checkpoints' key. */
interface QueryableSeries {
  readonly metric: QueryableName;
  readonly labels: IstioLabels;
  readonly value: number;
  readonly source: object;
}


const keyOf = (labels: IstioLabels): string => ISTIO_LABELS.map((name) => labels[name]).join('\u0000');

export class TelemetryStore {
  private readonly counters = new Map<CounterName, Map<string, Series>>();
  private readonly histograms = new Map<HistogramName, Map<string, HistogramSeries>>();
  private readonly checkpoints: Checkpoint[] = [];
  /** How far back `checkpoint` keeps totals for windowed queries. */
  private readonly historyMs: number;

  constructor(historyMs = 15 * 60_000) {
    this.historyMs = historyMs;
  }

  add(metric: CounterName, labels: IstioLabels, amount = 1): void {
    let family = this.counters.get(metric);
    if (!family) this.counters.set(metric, (family = new Map()));
    const key = keyOf(labels);
    const series = family.get(key);
    if (series) series.value += amount;
    else family.set(key, { labels, value: amount });
  }

  observe(metric: HistogramName, labels: IstioLabels, value: number): void {
    let family = this.histograms.get(metric);
    if (!family) this.histograms.set(metric, (family = new Map()));
    const key = keyOf(labels);
    let series = family.get(key);
    if (!series) family.set(key, (series = { labels, sumKey: {}, buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < DURATION_BUCKETS.length; i++) if (value <= (DURATION_BUCKETS[i] ?? Infinity)) series.buckets[i] = (series.buckets[i] ?? 0) + 1;
    series.sum += value;
    series.count++;
  }

  /** One HTTP request as a sidecar reports it: the request counter and the duration histogram. */
  recordRequest(labels: IstioLabels, durationMs: number): void {
    this.add('istio_requests_total', labels);
    this.observe('istio_request_duration_milliseconds', labels, durationMs);
  }

  /** Remembers the current totals so windowed queries can subtract them later; keeps `historyMs` of them. */
  checkpoint(now: number): void {
    const values = new Map<object, number>();
    for (const series of this.allSeries()) values.set(series.source, series.value);
    this.checkpoints.push({ at: now, values });
    while (this.checkpoints.length > 0 && (this.checkpoints[0]?.at ?? now) < now - this.historyMs) this.checkpoints.shift();
  }

  /** How many series and checkpoints are held, for the bounded-memory test. */
  get size(): { readonly series: number; readonly checkpoints: number } {
    let series = 0;
    for (const family of [...this.counters.values(), ...this.histograms.values()]) series += family.size;
    return { series, checkpoints: this.checkpoints.length };
  }

  query(query: TelemetryQuery, now: number = Date.now()): QueryResult[] {
    // The oldest checkpoint inside the window is the baseline; without one, everything counts.
    const windowMs = query.windowMs;
    const baseline = windowMs === undefined ? undefined : this.checkpoints.find((c) => c.at >= now - windowMs);
    const by = query.by ?? [];
    const groups = new Map<string, { labels: Record<string, string>; value: number }>();
    for (const series of this.allSeries()) {
      if (series.metric !== query.metric) continue;
      if (query.match && !Object.entries(query.match).every(([name, value]) => series.labels[name as IstioLabel] === value)) continue;
      const value = series.value - (baseline?.values.get(series.source) ?? 0);
      const labels: Record<string, string> = {};
      for (const name of by) labels[name] = series.labels[name];
      const key = by.map((name) => labels[name]).join('\u0000');
      const group = groups.get(key);
      if (group) group.value += value;
      else groups.set(key, { labels, value });
    }
    return [...groups.values()];
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  render(): string {
    const lines: string[] = [];
    for (const [metric, family] of this.counters) {
      lines.push(`# HELP ${metric} ${HELP[metric]}`, `# TYPE ${metric} counter`);
      for (const series of family.values()) lines.push(`${metric}{${formatLabels(series.labels)}} ${series.value}`);
    }
    for (const [metric, family] of this.histograms) {
      lines.push(`# HELP ${metric} ${HELP[metric]}`, `# TYPE ${metric} histogram`);
      for (const series of family.values()) {
        const labels = formatLabels(series.labels);
        DURATION_BUCKETS.forEach((le, i) => lines.push(`${metric}_bucket{${labels},le="${le}"} ${series.buckets[i] ?? 0}`));
        lines.push(`${metric}_bucket{${labels},le="+Inf"} ${series.count}`, `${metric}_sum{${labels}} ${series.sum}`, `${metric}_count{${labels}} ${series.count}`);
      }
    }
    return lines.length > 0 ? lines.join('\n') + '\n' : '';
  }

  /** Counter series and histogram `_count`/`_sum` series, flattened for queries and checkpoints. */
  private *allSeries(): Generator<QueryableSeries> {
    for (const [metric, family] of this.counters) for (const series of family.values()) yield { metric, labels: series.labels, value: series.value, source: series };
    for (const [metric, family] of this.histograms) {
      for (const series of family.values()) {
        yield { metric: `${metric}_count`, labels: series.labels, value: series.count, source: series };
        yield { metric: `${metric}_sum`, labels: series.labels, value: series.sum, source: series.sumKey };
      }
    }
  }
}

/** An empty value is no label to Prometheus; leaving it out lets ztunnel's series lack the labels it lacks. */
function formatLabels(labels: IstioLabels): string {
  return ISTIO_LABELS.filter((name) => labels[name] !== '')
    .map((name) => `${name}="${escapeLabel(labels[name])}"`)
    .join(',');
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
