// What the console asks a telemetry source: requests observed between workloads over a recent window, and
// how many of them used mTLS. The lab's in-process store answers today; Prometheus can answer the same.

export interface ObservedEdge {
  readonly requests: number;
  readonly mtls: number;
}

export interface EdgeTelemetry {
  readonly windowMs: number;
  /** Observed edges by edgeKey; an edge without an entry carried no request in the window. */
  observe(): ReadonlyMap<string, ObservedEdge>;
}

/** `source` is NAMESPACE/WORKLOAD or "outside" (as in edge reports); `destination` is NAMESPACE/WORKLOAD. */
export function edgeKey(source: string, destination: string): string {
  return `${source}>${destination}`;
}
