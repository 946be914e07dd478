// Workload and service pages: effective mode per port with the deciding object, identity, the policies that
// apply, and the predicted outcome of every caller and callee (with observed shares once telemetry exists).
import { edgeReport, formatRef, queryEdges, selectorMatches, serviceHostname, type EdgeResult, type Workload } from '../../core/index.js';
import type { EdgeOutcome, ServiceDetail, Traffic, WorkloadDetail } from '../../api/schemas.js';
import type { MeshView } from '../mesh-view.js';
import { edgeKey, type EdgeTelemetry } from '../telemetry.js';
import { appliesTo, configObjects, configSummary, coversHost } from './config.js';
import { portLock, serviceSummary, workloadSummary } from './mesh.js';

/** Enough rows to read; the outcome counts still cover every edge. */
const TRAFFIC_LIMIT = 300;
const OUTCOME_ORDER: Record<EdgeOutcome, number> = { fail: 0, plaintext: 1, tls: 2, mtls: 3 };

/** Predicted edges with what telemetry observed on each (shares stay null without telemetry or traffic). */
export function traffic(edges: readonly EdgeResult[], telemetry: EdgeTelemetry | undefined): Traffic {
  const outcomes: Record<EdgeOutcome, number> = { mtls: 0, plaintext: 0, tls: 0, fail: 0 };
  for (const edge of edges) outcomes[edge.outcome.outcome]++;
  const observed = telemetry?.observe();
  const seconds = (telemetry?.windowMs ?? 1000) / 1000;
  const rows = edges
    .map(edgeReport)
    .sort((a, b) => OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] || a.source.localeCompare(b.source) || a.destination.host.localeCompare(b.destination.host))
    .slice(0, TRAFFIC_LIMIT)
    .map((e) => {
      const seen = e.destination.workload ? observed?.get(edgeKey(e.source, `${e.destination.namespace}/${e.destination.workload}`)) : undefined;
      return { ...e, mtlsPercent: seen && seen.requests > 0 ? (100 * seen.mtls) / seen.requests : null, requestRate: seen ? seen.requests / seconds : null };
    });
  return { telemetry: observed !== undefined, total: edges.length, outcomes, edges: rows };
}

function edgesTo(view: MeshView, hostname: string, workload?: Workload): EdgeResult[] {
  const result = queryEdges(view.engine, { to: hostname });
  if ('error' in result) return [];
  return workload ? result.edges.filter((e) => e.endpoint.workload === workload) : result.edges;
}

function servicesOf(view: MeshView, workload: Workload) {
  return view.snapshot.services.filter((s) => s.namespace === workload.namespace && s.selector !== undefined && selectorMatches(s.selector, workload.podLabels));
}

export function workloadDetail(view: MeshView, namespace: string, name: string, telemetry?: EdgeTelemetry): WorkloadDetail | undefined {
  const workload = view.engine.findWorkload(namespace, name);
  if (!workload) return undefined;
  const modes = view.engine.workloadModes(workload);
  const services = servicesOf(view, workload);
  const outbound = queryEdges(view.engine, { from: `${namespace}/${name}` });
  const noSidecar = `no sidecar (${workload.sidecarReason}): nothing enforces mTLS`;
  const hostnames = services.map((s) => serviceHostname(s.name, s.namespace));
  return {
    ...workloadSummary(modes),
    sidecarReason: workload.sidecarReason,
    serviceAccount: workload.serviceAccount,
    identity: workload.sidecar ? `spiffe://${view.engine.meshConfig.trustDomain}/ns/${namespace}/sa/${workload.serviceAccount}` : null,
    labels: { ...workload.podLabels },
    workloadMode: modes.workloadMode
      ? { mode: modes.workloadMode.mode, lock: portLock(modes.workloadMode.mode), decidedBy: modes.workloadMode.decidedBy ? formatRef(modes.workloadMode.decidedBy) : null, explanation: [...modes.workloadMode.explanation] }
      : { mode: 'NONE', lock: 'none', decidedBy: null, explanation: [noSidecar] },
    services: services.map(serviceSummary),
    config: configObjects(view)
      .filter((o) => appliesTo(view, o, workload) || (o.kind === 'DestinationRule' && coversHost(o, hostnames)))
      .map((o) => configSummary(view, o)),
    inbound: traffic(
      hostnames.flatMap((h) => edgesTo(view, h, workload)),
      telemetry,
    ),
    outbound: traffic('error' in outbound ? [] : outbound.edges, telemetry),
  };
}

export function serviceDetail(view: MeshView, namespace: string, name: string, telemetry?: EdgeTelemetry): ServiceDetail | undefined {
  const service = view.snapshot.services.find((s) => s.namespace === namespace && s.name === name);
  if (!service) return undefined;
  const hostname = serviceHostname(name, namespace);
  const selector = service.selector;
  const workloads = selector ? view.snapshot.workloads.filter((w) => w.namespace === namespace && selectorMatches(selector, w.podLabels)) : [];
  return {
    ...serviceSummary(service),
    workloads: workloads.map((w) => workloadSummary(view.engine.workloadModes(w))),
    config: configObjects(view)
      .filter((o) => coversHost(o, [hostname]))
      .map((o) => configSummary(view, o)),
    inbound: traffic(edgesTo(view, hostname), telemetry),
  };
}
