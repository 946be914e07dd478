// The lab's embedded store keeps what both sidecars report, as Envoy does; the lab's traffic source
// (src/lab/traffic-rows.ts) answers with the destination's reports. For the graph's `clientFailures`, this
// adds the client sidecars' reports of requests and connections they failed themselves (flags set), which
// no destination ever saw: plaintext reset by STRICT shows up only here (istio-mtls-semantics §5.4).
import type { TrafficWindow } from '../../core/index.js';
import type { IstioLabel, TelemetryStore } from './store.js';
import { PEER_LABELS, trafficRowFromLabels } from '../istio-row.js';
import type { TelemetrySource, TrafficOptions, TrafficResult } from '../telemetry-source.js';

const BY: readonly IstioLabel[] = [...PEER_LABELS, 'reporter', 'response_code', 'grpc_response_status', 'response_flags'];

export function withClientFailures(source: TelemetrySource, store: Pick<TelemetryStore, 'query'>, clock: () => number = Date.now): TelemetrySource {
  return {
    description: source.description,
    async traffic(window: TrafficWindow, namespaces?: readonly string[], options?: TrafficOptions): Promise<TrafficResult> {
      const result = await source.traffic(window, namespaces, options);
      if (!options?.clientFailures) return result;
      const windowMs = window.durationSeconds * 1000;
      const now = clock();
      const failed = (['istio_requests_total', 'istio_tcp_connections_opened_total'] as const).flatMap((metric) =>
        store.query({ metric, by: BY, match: { reporter: 'source' }, windowMs }, now).filter((r) => r.value > 0 && r.labels.response_flags !== '-'),
      );
      const rows = failed
        .map((r) => trafficRowFromLabels(r.labels, { requestsPerSecond: r.value / window.durationSeconds, tcpSentBytesPerSecond: 0, tcpReceivedBytesPerSecond: 0 }))
        .filter((row) => !namespaces || namespaces.includes(row.destination.namespace) || (row.source.type === 'workload' && namespaces.includes(row.source.namespace)));
      return { ...result, rows: [...result.rows, ...rows] };
    },
  };
}
