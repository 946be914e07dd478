// mTLS coverage per namespace, for audits: how much of the namespace the configuration protects (share of
// workload ports enforcing STRICT; a port without sidecar is not protected) and how much of the traffic it
// received in the window was mutual TLS (destination-reported, istio-mtls-semantics §5.6).
import type { Lock, RollupMode } from '../mtls/engine.js';
import type { StatusReport } from '../mtls/report.js';
import type { TrafficRow } from '../telemetry/types.js';

export interface NamespaceCoverage {
  readonly namespace: string;
  readonly mode: RollupMode;
  readonly lock: Lock;
  readonly decidedBy: string | null;
  readonly workloads: number;
  readonly sidecarWorkloads: number;
  readonly ports: number;
  readonly strictPorts: number;
  /** strictPorts / ports, 0..1 (four decimals, as the rates); null when the namespace has no workload port. */
  readonly strictPortShare: number | null;
  /** Requests (connections for TCP) per second received in the window; null without telemetry. */
  readonly requestRate: number | null;
  readonly mtlsRequestRate: number | null;
  /** mtlsRequestRate / requestRate, 0..1; null without telemetry or without traffic. */
  readonly mtlsRequestShare: number | null;
}

/** From the `meshlock status` report of the mesh and the traffic of the window (undefined: no telemetry). */
export function namespaceCoverage(status: StatusReport, traffic: readonly TrafficRow[] | undefined): NamespaceCoverage[] {
  const received = new Map<string, { total: number; mtls: number }>();
  for (const row of traffic ?? []) {
    // Client-reported failures carry no security policy; the destination's reports are the evidence (§5.4).
    if (row.reporter === 'source') continue;
    const seen = received.get(row.destination.namespace) ?? { total: 0, mtls: 0 };
    received.set(row.destination.namespace, { total: seen.total + row.requestsPerSecond, mtls: seen.mtls + (row.securityPolicy === 'mutual_tls' ? row.requestsPerSecond : 0) });
  }
  return status.namespaces.map((n) => {
    const workloads = status.workloads.filter((w) => w.namespace === n.name);
    const ports = workloads.flatMap((w) => w.ports);
    const strictPorts = ports.filter((p) => p.mode === 'STRICT').length;
    const seen = traffic ? (received.get(n.name) ?? { total: 0, mtls: 0 }) : undefined;
    return {
      namespace: n.name,
      mode: n.mode,
      lock: n.lock,
      decidedBy: n.decidedBy,
      workloads: workloads.length,
      sidecarWorkloads: workloads.filter((w) => w.sidecar).length,
      ports: ports.length,
      strictPorts,
      strictPortShare: ports.length > 0 ? round(strictPorts / ports.length) : null,
      requestRate: seen ? round(seen.total) : null,
      mtlsRequestRate: seen ? round(seen.mtls) : null,
      mtlsRequestShare: seen && seen.total > 0 ? round(seen.mtls / seen.total) : null,
    };
  });
}

/** Four decimals: an audit reads 0.8, not 0.7999999999999999. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
