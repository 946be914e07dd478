// The interface every telemetry adapter implements (prometheus/, embedded/). One call per graph or
// readiness request, answered with a constant number of backend queries whatever the namespace count.
import type { TrafficRow, TrafficWindow } from '../core/index.js';

export interface TrafficResult {
  readonly rows: readonly TrafficRow[];
  /** Backend queries this answer cost (Prometheus HTTP queries; 0 for in-process stores). */
  readonly queries: number;
  /** The window actually answered. */
  readonly window: Required<TrafficWindow>;
  /**
   * With `earlierCallersSeconds`: destination-reported rows over that longer look-back, ending with the window.
   * They say who called whom; their rates are not the window's and are not meant to be read.
   */
  readonly earlierRows?: readonly TrafficRow[];
}

export interface TrafficOptions {
  /**
   * Also return client-reported rows (`reporter: 'source'`) for requests and connections the client's
   * sidecar failed before the destination answered; the graph shows them as errors on their edge.
   */
  readonly clientFailures?: boolean;
  /**
   * Say when each row's traffic was first and last seen in the window (default true; readiness shows it).
   * The lab's store finds it with a query per checkpoint, which the graph, refreshed every few seconds by
   * every open page, does without.
   */
  readonly firstAndLastSeen?: boolean;
  /**
   * Also return `earlierRows` over this many seconds: the graph keeps a caller seen there that the configuration
   * now refuses. Answered within the same backend queries (Prometheus: one more `or` branch per query).
   */
  readonly earlierCallersSeconds?: number;
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
