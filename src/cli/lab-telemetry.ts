// The lab's telemetry store as the console's EdgeTelemetry: destination-reported requests over the last
// minute, per source and destination workload, split by connection_security_policy.
import type { Lab } from '../lab/lab.js';
import { edgeKey, type EdgeTelemetry, type ObservedEdge } from '../server/telemetry.js';

const WINDOW_MS = 60_000;

export function labTelemetry(lab: Lab): EdgeTelemetry {
  return {
    windowMs: WINDOW_MS,
    observe() {
      const rows = lab.telemetry.query({
        metric: 'istio_requests_total',
        match: { reporter: 'destination' },
        by: ['source_workload_namespace', 'source_workload', 'destination_workload_namespace', 'destination_workload', 'connection_security_policy'],
        windowMs: WINDOW_MS,
      });
      const edges = new Map<string, ObservedEdge>();
      for (const { labels, value } of rows) {
        // A caller that sent no peer metadata is unknown to the sidecar: outside the mesh.
        const source = labels.source_workload === 'unknown' || labels.source_workload === undefined ? 'outside' : `${labels.source_workload_namespace}/${labels.source_workload}`;
        const key = edgeKey(source, `${labels.destination_workload_namespace}/${labels.destination_workload}`);
        const seen = edges.get(key) ?? { requests: 0, mtls: 0 };
        edges.set(key, { requests: seen.requests + value, mtls: seen.mtls + (labels.connection_security_policy === 'mutual_tls' ? value : 0) });
      }
      return edges;
    },
  };
}
