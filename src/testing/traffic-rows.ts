// Test builder: observed traffic rows as a telemetry source would return them, from a short description.
import type { SeenTrafficRow } from '../core/index.js';

export interface RowSpec {
  /** NAMESPACE/WORKLOAD, or `outside` for a caller that presented no identity. */
  readonly from: string;
  /** NAMESPACE/WORKLOAD of the destination. */
  readonly to: string;
  /** destination_service FQDN; default: the workload's Service of the same name. */
  readonly service?: string;
  readonly mtls: boolean;
  readonly rate: number;
  readonly first?: number;
  readonly last?: number;
}

export function trafficRow(spec: RowSpec): SeenTrafficRow {
  const [namespace = '', workload = ''] = spec.to.split('/');
  const [sourceNamespace = '', sourceWorkload = ''] = spec.from.split('/');
  return {
    source:
      spec.from === 'outside'
        ? { type: 'outside' }
        : { type: 'workload', namespace: sourceNamespace, workload: sourceWorkload, app: sourceWorkload, version: 'v1', principal: spec.mtls ? `spiffe://cluster.local/ns/${sourceNamespace}/sa/${sourceWorkload}` : undefined },
    destination: { namespace, workload, app: workload, version: 'v1', service: spec.service ?? `${workload}.${namespace}.svc.cluster.local`, principal: undefined },
    protocol: 'http',
    responseCode: '200',
    responseFlags: '-',
    securityPolicy: spec.mtls ? 'mutual_tls' : 'none',
    requestsPerSecond: spec.rate,
    tcpSentBytesPerSecond: 0,
    tcpReceivedBytesPerSecond: 0,
    ...(spec.first !== undefined && { firstSeenSeconds: spec.first }),
    ...(spec.last !== undefined && { lastSeenSeconds: spec.last }),
  };
}
