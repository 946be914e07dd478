// Istio's standard metric labels (istio-mtls-semantics §5.2) as a TrafficRow: the one translation every
// adapter shares, so Prometheus and the lab's store name peers, principals and policies the same way.
import type { TrafficPeer, TrafficProtocol, TrafficRow } from '../core/index.js';

export type LabelSet = Readonly<Record<string, string | undefined>>;

/** The labels a graph groups by: peers, identities, protocol and security policy (Kiali's set, §3.2). */
export const PEER_LABELS = [
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'source_principal',
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_service',
  'destination_service_namespace',
  'destination_principal',
  'request_protocol',
  'connection_security_policy',
] as const;

/** Istio writes `unknown` for what it does not know; Telemetry overrides may drop a label (§5.2). */
export function known(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === 'unknown' ? undefined : value;
}

export interface RowRates {
  readonly requestsPerSecond: number;
  readonly tcpSentBytesPerSecond: number;
  readonly tcpReceivedBytesPerSecond: number;
}

export function trafficRowFromLabels(labels: LabelSet, rates: RowRates): TrafficRow {
  const workload = known(labels.source_workload);
  // A caller that sent no peer metadata is unknown to the sidecar: outside the mesh (§5.7).
  const source: TrafficPeer = workload
    ? {
        type: 'workload',
        namespace: labels.source_workload_namespace ?? '',
        workload,
        app: known(labels.source_canonical_service),
        version: known(labels.source_canonical_revision),
        principal: known(labels.source_principal),
      }
    : { type: 'outside' };
  const protocol: TrafficProtocol = labels.request_protocol === 'grpc' ? 'grpc' : labels.request_protocol === 'tcp' ? 'tcp' : 'http';
  const policy = labels.connection_security_policy;
  return {
    // A waypoint's report is the server side of the request as much as a sidecar's (it terminated the client's HBONE).
    reporter: labels.reporter === 'source' ? 'source' : 'destination',
    source,
    destination: {
      // A client-reported failure may have no endpoint; the service's namespace is then all there is.
      namespace: known(labels.destination_workload_namespace) ?? known(labels.destination_service_namespace) ?? '',
      workload: known(labels.destination_workload) ?? '',
      app: known(labels.destination_canonical_service),
      version: known(labels.destination_canonical_revision),
      service: known(labels.destination_service),
      principal: known(labels.destination_principal),
    },
    protocol,
    responseCode: responseCode(protocol, labels),
    responseFlags: labels.response_flags ?? '-',
    securityPolicy: policy === 'mutual_tls' || policy === 'none' ? policy : 'unknown',
    ...rates,
  };
}

/** gRPC health reads grpc-status (Kiali's tolerance codes 1–16); a call that never got one keeps its HTTP code. */
function responseCode(protocol: TrafficProtocol, labels: LabelSet): string {
  if (protocol === 'tcp') return '-';
  if (protocol === 'grpc' && known(labels.grpc_response_status)) return labels.grpc_response_status ?? '-';
  return labels.response_code ?? '-';
}
