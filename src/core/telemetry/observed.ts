// Observed traffic joined to predicted edges. Telemetry names a caller by its peer identity: a caller without
// a sidecar sends none, so its requests arrive as source "unknown" (istio-mtls-semantics §5.7) and are
// counted here as `outside`. Such traffic is what every caller without identity could have sent, so the
// edges of `outside` and of each workload without sidecar towards the same destination share it.
import { hasSidecar } from '../model/dataplane.js';
import { pushTo } from '../model/lists.js';
import type { Client } from '../mtls/client-decision.js';
import type { Destination, Endpoint } from '../mtls/destinations.js';
import type { TrafficRow } from './types.js';

/** How telemetry names callers that present no identity. */
export const UNIDENTIFIED = 'outside';

export interface ObservedMatch {
  /** Requests (HTTP, gRPC) or connections (TCP) per second over the window. */
  readonly rate: number;
  /** The caller as telemetry reports it (NAMESPACE/WORKLOAD, or `outside` without identity); null when nothing was seen. */
  readonly observedAs: string | null;
  /** The rows counted, so totals over many edges count each row once. */
  readonly rows: readonly TrafficRow[];
}

export function observedSource(row: TrafficRow): string {
  return row.source.type === 'outside' ? UNIDENTIFIED : `${row.source.namespace}/${row.source.workload}`;
}

export class ObservedTraffic {
  private readonly byWorkload = new Map<string, TrafficRow[]>();
  private readonly byService = new Map<string, TrafficRow[]>();

  constructor(rows: readonly TrafficRow[]) {
    for (const row of rows) {
      // A client-reported failure carries no security policy (§5.4); what the destination saw is the evidence.
      if (row.reporter === 'source') continue;
      pushTo(this.byWorkload, `${row.destination.namespace}/${row.destination.workload}`, row);
      if (row.destination.service !== undefined) pushTo(this.byService, row.destination.service, row);
    }
  }

  /** Rows to one destination workload, whoever sent them. */
  towards(namespace: string, workload: string): readonly TrafficRow[] {
    return this.byWorkload.get(`${namespace}/${workload}`) ?? [];
  }

  /**
   * What was seen on one predicted edge. Telemetry has no port label, so every port of a service between
   * the same two workloads sees the same rows; totals stay right because they count rows, not edges.
   */
  match(client: Client, destination: Destination, endpoint: Endpoint): ObservedMatch {
    const candidates = endpoint.workload ? this.towards(endpoint.workload.namespace, endpoint.workload.name) : (this.byService.get(destination.hostname) ?? []);
    const name = client.type === 'outside' ? UNIDENTIFIED : `${client.workload.namespace}/${client.workload.name}`;
    const unidentified = client.type === 'outside' || !hasSidecar(client.workload);
    const rows = candidates.filter((row) => {
      if (row.destination.service !== undefined && row.destination.service !== destination.hostname) return false;
      const source = observedSource(row);
      return source === name || (unidentified && source === UNIDENTIFIED);
    });
    const identified = rows.some((row) => observedSource(row) === name);
    return { rate: rows.reduce((sum, row) => sum + row.requestsPerSecond, 0), observedAs: rows.length === 0 ? null : identified ? name : UNIDENTIFIED, rows };
  }
}


/** The share of observed traffic that used mTLS, in percent; null when nothing was observed (never a silent 0). */
export function mtlsShare(rows: readonly TrafficRow[]): number | null {
  let total = 0;
  let mtls = 0;
  for (const row of rows) {
    const amount = row.protocol === 'tcp' ? row.tcpSentBytesPerSecond + row.tcpReceivedBytesPerSecond || row.requestsPerSecond : row.requestsPerSecond;
    total += amount;
    if (row.securityPolicy === 'mutual_tls') mtls += amount;
  }
  return total > 0 ? (100 * mtls) / total : null;
}
