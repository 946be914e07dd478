// Test builder: one observed traffic row from a short description, with the fields the graph reads
// (protocol, response code and flags, reporter) that src/testing/traffic-rows.ts leaves at defaults.
import type { TrafficRow } from '../core/index.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';

export interface GraphRowSpec {
  /** NAMESPACE/WORKLOAD, or `outside` for a caller without identity. */
  from: string;
  /** NAMESPACE/WORKLOAD. */
  to: string;
  /** destination_service FQDN; default the workload's Service of the same name. */
  service?: string;
  /** connection_security_policy mutual_tls (default) or none; principals only with mTLS. */
  mtls?: boolean;
  rate?: number;
  code?: string;
  flags?: string;
  protocol?: TrafficRow['protocol'];
  /** TCP bytes sent per second. */
  bytes?: number;
  /** `source`: a client-reported failure (set code and flags). */
  reporter?: 'source';
  /** The destination's version. */
  version?: string;
  /** The source's app (canonical service); default its workload name. */
  app?: string;
}

export function graphRow(spec: GraphRowSpec): TrafficRow {
  const [ns = '', name = ''] = spec.to.split('/');
  const [sns = '', sname = ''] = spec.from.split('/');
  const mtls = spec.mtls ?? true;
  return {
    reporter: spec.reporter ?? 'destination',
    source: spec.from === 'outside' ? { type: 'outside' } : { type: 'workload', namespace: sns, workload: sname, app: spec.app ?? sname, version: 'v1', principal: mtls ? `spiffe://cluster.local/ns/${sns}/sa/${sname}` : undefined },
    destination: { namespace: ns, workload: name, app: name, version: spec.version ?? 'v1', service: spec.service ?? `${name}.${ns}.svc.cluster.local`, principal: mtls ? `spiffe://cluster.local/ns/${ns}/sa/${name}` : undefined },
    protocol: spec.protocol ?? 'http',
    responseCode: spec.protocol === 'tcp' ? '-' : (spec.code ?? '200'),
    responseFlags: spec.flags ?? '-',
    securityPolicy: spec.reporter === 'source' ? 'unknown' : mtls ? 'mutual_tls' : 'none',
    requestsPerSecond: spec.rate ?? 1,
    tcpSentBytesPerSecond: spec.bytes ?? 0,
    tcpReceivedBytesPerSecond: 0,
  };
}


/**
 * Telemetry that answers the same rows for any window, as three queries would; with `earlier`, the callers of
 * a longer look-back are those rows and `earlier` (callers no longer seen in the window).
 */
export function fixedTelemetry(rows: readonly TrafficRow[], earlier?: readonly TrafficRow[]): TelemetrySource {
  return {
    description: 'the test telemetry',
    traffic: async (window, _namespaces, options) => ({
      rows: [...rows],
      queries: 3,
      window: { durationSeconds: window.durationSeconds, endSeconds: Math.floor(Date.now() / 1000) },
      ...(earlier && options?.earlierCallersSeconds !== undefined && { earlierRows: [...rows, ...earlier] }),
    }),
  };
}
