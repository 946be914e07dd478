// Workload and service pages: effective mode per port with the deciding object, identity, the policies that
// apply, and the predicted outcome of every caller and callee (with observed shares once telemetry exists).
import { edgeReport, formatRef, mtlsShare, queryEdges, selectorMatches, serviceHostname, type EdgeResult, type MeshRevision, type ObservedTraffic, type Workload, inMesh, portLock } from '../core/index.js';
import type { EdgeOutcome, ServiceDetail, Traffic, WorkloadDetail } from '../api/schemas.js';
import { appliesTo, configObjects, configSummary, coversHost } from './config.js';
import { serviceSummary, workloadSummary } from './mesh.js';
import { serviceBackends, servicePortModes } from './service-list.js';

/** Enough rows to read; the outcome counts still cover every edge. */
const TRAFFIC_LIMIT = 300;
const OUTCOME_ORDER: Record<EdgeOutcome, number> = { fail: 0, plaintext: 1, tls: 2, mtls: 3 };

/**
 * Predicted edges with what telemetry observed on each, joined by the same rule as readiness and what-if
 * (core/telemetry/observed.ts); shares stay null without telemetry or traffic.
 */
export function traffic(edges: readonly EdgeResult[], observed: ObservedTraffic | undefined): Traffic {
  const outcomes: Record<EdgeOutcome, number> = { mtls: 0, plaintext: 0, tls: 0, fail: 0 };
  for (const edge of edges) outcomes[edge.outcome.outcome]++;
  const matched = edges.map((edge) => ({ edge, report: edgeReport(edge), seen: observed?.match(edge.client, edge.destination, edge.endpoint) }));
  const wasSeen = (m: (typeof matched)[number]) => (m.seen !== undefined && m.seen.rows.length > 0 ? 0 : 1);
  // Callers seen in telemetry first, so the limit never hides one behind callers that are merely possible.
  const rows = matched
    .sort((a, b) => wasSeen(a) - wasSeen(b) || OUTCOME_ORDER[a.report.outcome] - OUTCOME_ORDER[b.report.outcome] || a.report.source.localeCompare(b.report.source) || a.report.destination.host.localeCompare(b.report.destination.host))
    .slice(0, TRAFFIC_LIMIT)
    .map(({ report, seen }) => ({
      ...report,
      mtlsPercent: seen ? mtlsShare(seen.rows) : null,
      requestRate: seen && seen.rows.length > 0 ? seen.rate : null,
      observedAs: seen?.observedAs ?? null,
    }));
  return { telemetry: observed !== undefined, total: edges.length, seen: matched.filter((m) => wasSeen(m) === 0).length, outcomes, edges: rows };
}

function edgesTo(revision: MeshRevision, hostname: string, workload?: Workload): EdgeResult[] {
  const result = queryEdges(revision.engine, { to: hostname });
  if ('error' in result) return [];
  return workload ? result.edges.filter((e) => e.endpoint.workload === workload) : result.edges;
}

function servicesOf(revision: MeshRevision, workload: Workload) {
  return revision.snapshot.services.filter((s) => s.namespace === workload.namespace && s.selector !== undefined && selectorMatches(s.selector, workload.podLabels));
}

export function workloadDetail(revision: MeshRevision, namespace: string, name: string, observed?: ObservedTraffic): WorkloadDetail | undefined {
  const workload = revision.engine.findWorkload(namespace, name);
  if (!workload) return undefined;
  const modes = revision.engine.workloadModes(workload);
  const services = servicesOf(revision, workload);
  const outbound = queryEdges(revision.engine, { from: `${namespace}/${name}` });
  const noSidecar = `no sidecar and not in ambient (${workload.dataplaneReason}): nothing enforces mTLS`;
  const hostnames = services.map((s) => serviceHostname(s.name, s.namespace));
  return {
    ...workloadSummary(modes),
    sidecarReason: workload.dataplaneReason,
    waypointReason: workload.dataplane === 'ambient' ? revision.engine.waypointOf(workload).reason : null,
    serviceAccount: workload.serviceAccount,
    // ztunnel holds the certificate of an ambient workload's identity, as a sidecar holds its own.
    identity: inMesh(workload) ? `spiffe://${revision.engine.meshConfig.trustDomain}/ns/${namespace}/sa/${workload.serviceAccount}` : null,
    labels: { ...workload.podLabels },
    workloadMode: modes.workloadMode
      ? { mode: modes.workloadMode.mode, lock: portLock(modes.workloadMode.mode), decidedBy: modes.workloadMode.decidedBy ? formatRef(modes.workloadMode.decidedBy) : null, explanation: [...modes.workloadMode.explanation] }
      : { mode: 'NONE', lock: 'none', decidedBy: null, explanation: [noSidecar] },
    services: services.map(serviceSummary),
    config: configObjects(revision)
      .filter((o) => appliesTo(revision, o, workload) || (o.kind === 'DestinationRule' && coversHost(o, hostnames)))
      .map((o) => configSummary(revision, o)),
    inbound: traffic(
      hostnames.flatMap((h) => edgesTo(revision, h, workload)),
      observed,
    ),
    outbound: traffic('error' in outbound ? [] : outbound.edges, observed),
  };
}

export function serviceDetail(revision: MeshRevision, namespace: string, name: string, observed?: ObservedTraffic): ServiceDetail | undefined {
  const service = revision.snapshot.services.find((s) => s.namespace === namespace && s.name === name);
  if (!service) return undefined;
  const hostname = serviceHostname(name, namespace);
  const backends = serviceBackends(revision, service);
  return {
    ...serviceSummary(service),
    portModes: servicePortModes(service, backends),
    workloads: backends,
    config: configObjects(revision)
      .filter((o) => coversHost(o, [hostname]))
      .map((o) => configSummary(revision, o)),
    inbound: traffic(edgesTo(revision, hostname), observed),
  };
}
