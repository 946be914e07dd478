// Test builder: Istio standard-metric counters (istio-mtls-semantics §5.2) for backfilling a real Prometheus,
// from a short description of an edge.
import type { OpenMetricsSeries } from './prometheus.js';
import { istioLabels, type IstioLabels } from '../telemetry/embedded/store.js';

export interface SeriesEdge {
  /** NAMESPACE/WORKLOAD, or `outside` for a caller without identity. */
  readonly from: string;
  /** NAMESPACE/WORKLOAD; its Service has the same name. */
  readonly to: string;
  readonly mtls: boolean;
  /** `source`: the client's sidecar reports it (csp `unknown`); `waypoint`: a waypoint carried it (csp `mutual_tls`). */
  readonly reporter?: 'source' | 'waypoint';
  /** ztunnel's report: no response code, and `unknown` (not `none`) for a connection without peer identity. */
  readonly ztunnel?: boolean;
  readonly code?: string;
  readonly flags?: string;
  readonly protocol?: 'http' | 'tcp';
}

export const SERIES_STEP_SECONDS = 15;

function side(namespace: string, name: string, mtls: boolean, role: 'source' | 'destination'): Partial<IstioLabels> {
  const principal = mtls ? `spiffe://cluster.local/ns/${namespace}/sa/${name}` : 'unknown';
  return role === 'source'
    ? { source_workload: name, source_workload_namespace: namespace, source_canonical_service: name, source_canonical_revision: 'v1', source_principal: principal }
    : {
        destination_workload: name,
        destination_workload_namespace: namespace,
        destination_canonical_service: name,
        destination_canonical_revision: 'v1',
        destination_principal: principal,
        destination_service: `${name}.${namespace}.svc.cluster.local`,
        destination_service_name: name,
        destination_service_namespace: namespace,
      };
}

export function edgeLabels(edge: SeriesEdge): IstioLabels {
  const [sns = '', sname = ''] = edge.from.split('/');
  const [dns = '', dname = ''] = edge.to.split('/');
  return istioLabels({
    reporter: edge.reporter ?? 'destination',
    ...(edge.from === 'outside' ? {} : side(sns, sname, edge.mtls, 'source')),
    ...side(dns, dname, edge.mtls, 'destination'),
    request_protocol: edge.protocol ?? 'http',
    response_code: edge.ztunnel ? '' : edge.protocol === 'tcp' ? '0' : (edge.code ?? '200'),
    response_flags: edge.flags ?? '-',
    connection_security_policy: edge.reporter === 'source' || (edge.ztunnel && !edge.mtls) ? 'unknown' : edge.mtls ? 'mutual_tls' : 'none',
  });
}

/** A counter growing by `perStep` every 15 s for `steps` steps, ending at `end` (seconds since the epoch). */
export function counterSeries(name: string, edge: SeriesEdge, perStep: number, end: number, steps = 40): OpenMetricsSeries {
  return { name, labels: edgeLabels(edge), samples: Array.from({ length: steps + 1 }, (_, k) => [end - (steps - k) * SERIES_STEP_SECONDS, k * perStep] as const) };
}
