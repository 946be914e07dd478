// The interface every telemetry adapter implements (prometheus/, embedded/). One call per graph or
// readiness request, answered with a constant number of backend queries whatever the namespace count.
import type { TrafficRow, TrafficWindow } from '../core/index.js';

export interface TrafficResult {
  readonly rows: readonly TrafficRow[];
  /** Backend queries this answer cost (Prometheus HTTP queries; 0 for in-process stores). */
  readonly queries: number;
  /** The window actually answered. */
  readonly window: Required<TrafficWindow>;
}

export interface TrafficOptions {
  /**
   * Also return client-reported rows (`reporter: 'source'`) for requests and connections the client's
   * sidecar failed before the destination answered; the graph shows them as errors on their edge.
   */
  readonly clientFailures?: boolean;
}

export interface TelemetrySource {
  /** For messages and the UI: "Prometheus at http://…", "the lab's embedded store". */
  readonly description: string;
  /**
   * Destination-reported traffic over the window, optionally limited to namespaces (source or destination
   * in one of them). Rejects with an Error whose message says what failed (timeout, HTTP status, PromQL error).
   */
  traffic(window: TrafficWindow, namespaces?: readonly string[], options?: TrafficOptions): Promise<TrafficResult>;
}
