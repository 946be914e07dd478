// Synthetic observed traffic over a mesh's workloads, as a telemetry source returns it: every edge a
// destination-reported series per response, most of them mTLS, some plaintext, some failing, some TCP, and
// callers outside the mesh. Deterministic for a seed, so the bench and the browser see the same graph.
import type { Snapshot } from '../src/core/index.js';
import type { TrafficRow } from '../src/core/index.js';
import { seededRandom } from '../src/testing/seeded-random.js';

export interface SyntheticTrafficOptions {
  readonly edges: number;
  readonly seed?: number;
}


const principal = (namespace: string, account: string) => `spiffe://cluster.local/ns/${namespace}/sa/${account}`;

/**
 * Edges go mostly to a workload of the same or a neighbouring namespace, as real call graphs do, so a
 * layout has structure to find; about 1 in 50 comes from outside the mesh.
 */
export function syntheticTraffic(snapshot: Snapshot, options: SyntheticTrafficOptions): TrafficRow[] {
  const random = seededRandom(options.seed ?? 7);
  const workloads = [...snapshot.workloads].sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1));
  if (workloads.length < 2) return [];
  const seen = new Set<string>();
  const rows: TrafficRow[] = [];
  let attempts = 0;
  while (seen.size < options.edges && attempts++ < options.edges * 20) {
    const to = Math.floor(random() * workloads.length);
    const near = Math.max(0, Math.min(workloads.length - 1, to + Math.round((random() - 0.5) * 60)));
    const outside = random() < 0.02;
    const source = workloads[near];
    const destination = workloads[to];
    if (!source || !destination || (!outside && source === destination)) continue;
    const key = outside ? `outside>${to}` : `${near}>${to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const tcp = random() < 0.1;
    const rate = Math.round(random() * 1000) / 100 + 0.01;
    const plaintext = outside || random() < 0.05;
    const sent = tcp ? Math.round(random() * 5000) : 0;
    const received = tcp ? Math.round(random() * 500) : 0;
    const serverPrincipal = principal(destination.namespace, destination.serviceAccount);
    // Every row built by one literal, as an adapter builds them: one object shape for the builder's loop.
    const row = (code: string, mtls: boolean, requestsPerSecond: number): TrafficRow => ({
      reporter: 'destination',
      source: outside
        ? { type: 'outside' }
        : { type: 'workload', namespace: source.namespace, workload: source.name, app: source.podLabels.app, version: source.podLabels.version, principal: mtls ? principal(source.namespace, source.serviceAccount) : undefined },
      destination: {
        namespace: destination.namespace,
        workload: destination.name,
        app: destination.podLabels.app,
        version: destination.podLabels.version,
        service: `${destination.name}.${destination.namespace}.svc.cluster.local`,
        // The destination's principal is reported only over mTLS (istio-mtls-semantics §5.5).
        principal: mtls ? serverPrincipal : undefined,
      },
      protocol: tcp ? 'tcp' : 'http',
      responseCode: tcp ? '-' : code,
      responseFlags: '-',
      securityPolicy: mtls ? 'mutual_tls' : 'none',
      requestsPerSecond,
      tcpSentBytesPerSecond: sent,
      tcpReceivedBytesPerSecond: received,
    });
    rows.push(row('200', !plaintext, rate));
    if (!outside && random() < 0.1) rows.push(row('200', false, rate / 3));
    if (!tcp && random() < 0.15) rows.push(row(random() < 0.5 ? '503' : '404', !plaintext, rate / 20));
  }
  return rows;
}
