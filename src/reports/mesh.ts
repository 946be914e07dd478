// The mesh, its namespaces and their workloads as the console shows them. Every mode, lock and deciding
// object comes from the engine; this file only shapes it.
import { DATAPLANE_MODE, formatRef, portLock, serviceHostname, USE_WAYPOINT, type Dataplane, type ObjectRef, type Service, hasSidecar, waypointName, type MeshRevision } from '../core/index.js';
import type { MeshSummary, NamespaceDetail, NamespaceSummary, PortMode, ServiceSummary, ValidationCounts, WorkloadSummary } from '../api/schemas.js';
import { configObjects, configSummary } from './config.js';

type WorkloadModes = ReturnType<MeshRevision['engine']['workloadModes']>;

const ref = (r: ObjectRef | null): string | null => (r ? formatRef(r) : null);

export function meshSummary(revision: MeshRevision): MeshSummary {
  const mesh = revision.engine.mesh();
  return {
    rootNamespace: mesh.rootNamespace,
    mode: mesh.mode,
    lock: mesh.lock,
    status: mesh.status,
    decidedBy: ref(mesh.decidedBy),
    explanation: [...mesh.explanation],
    autoMtls: mesh.autoMtls,
    minProtocolVersion: mesh.minProtocolVersion,
    meshConfig: revision.engine.meshConfig.source ?? null,
  };
}

function validationCounts(revision: MeshRevision): Map<string, ValidationCounts> {
  const counts = new Map<string, ValidationCounts>();
  for (const validation of revision.validations()) {
    const entry = counts.get(validation.namespace) ?? { objects: 0, errors: 0, warnings: 0, unknown: 0 };
    entry.objects++;
    for (const check of validation.checks) {
      if (check.severity === 'error') entry.errors++;
      else if (check.severity === 'warning') entry.warnings++;
      else entry.unknown++;
    }
    counts.set(validation.namespace, entry);
  }
  return counts;
}

const NO_CHECKS: ValidationCounts = { objects: 0, errors: 0, warnings: 0, unknown: 0 };

/** The namespace's own ambient and waypoint labels, as the badges on the overview and namespace pages explain them. */
function namespaceAmbient(revision: MeshRevision, name: string): Pick<NamespaceSummary, 'ambientReason' | 'waypoint' | 'waypointReason'> {
  const labels = revision.snapshot.namespaces.get(name)?.labels ?? {};
  const ambientReason = labels[DATAPLANE_MODE] === 'ambient' ? `namespace label ${DATAPLANE_MODE}=ambient` : null;
  if (labels[USE_WAYPOINT] === undefined) return { ambientReason, waypoint: null, waypointReason: null };
  // No labels of its own: the binding the namespace's label gives every pod that does not choose otherwise.
  const binding = revision.engine.waypoints.bind({}, name);
  return { ambientReason, waypoint: waypointName(binding.waypoint), waypointReason: binding.reason };
}

function namespaceSummary(revision: MeshRevision, name: string, counts: ReadonlyMap<string, ValidationCounts>): NamespaceSummary {
  const rollup = revision.engine.namespace(name);
  const dataplanes: Record<Dataplane, number> = { sidecar: 0, ambient: 0, none: 0 };
  for (const w of rollup.workloads) dataplanes[w.workload.dataplane]++;
  return {
    name,
    mode: rollup.mode,
    lock: rollup.lock,
    status: rollup.status,
    decidedBy: ref(rollup.decidedBy),
    inherited: name !== revision.engine.meshConfig.rootNamespace && (rollup.decidedBy === null || rollup.decidedBy.namespace !== name),
    explanation: [...rollup.explanation],
    injection: revision.snapshot.namespaces.get(name)?.injection ?? 'unlabelled',
    workloadCount: rollup.workloads.length,
    sidecarCount: dataplanes.sidecar,
    dataplanes,
    ...namespaceAmbient(revision, name),
    validations: counts.get(name) ?? NO_CHECKS,
  };
}

export function namespaceSummaries(revision: MeshRevision): NamespaceSummary[] {
  const counts = validationCounts(revision);
  return revision.engine.namespaceNames().map((name) => namespaceSummary(revision, name, counts));
}

export function portModes(modes: WorkloadModes): PortMode[] {
  return modes.ports.map((p) => ({
    port: p.targetPort,
    mode: p.mode,
    lock: portLock(p.mode),
    decidedBy: p.decision ? ref(p.decision.decidedBy) : null,
    explanation: p.decision ? [...p.decision.explanation] : [`no sidecar and not in ambient (${modes.workload.dataplaneReason}): nothing enforces mTLS on this port`],
  }));
}

export function workloadSummary(modes: WorkloadModes): WorkloadSummary {
  const w = modes.workload;
  return { namespace: w.namespace, name: w.name, kind: w.workloadKind, sidecar: hasSidecar(w), dataplane: w.dataplane, dataplaneReason: w.dataplaneReason, waypoint: waypointName(modes.waypoint), ports: portModes(modes) };
}

export function serviceSummary(service: Service): ServiceSummary {
  return {
    namespace: service.namespace,
    name: service.name,
    hostname: serviceHostname(service.name, service.namespace),
    ports: service.ports.map((p) => ({ port: p.port, name: p.name ?? null, protocol: p.protocol, targetPort: p.targetPort })),
  };
}

export function namespaceDetail(revision: MeshRevision, name: string): NamespaceDetail | undefined {
  if (!revision.snapshot.namespaces.has(name)) return undefined;
  const rollup = revision.engine.namespace(name);
  return {
    ...namespaceSummary(revision, name, validationCounts(revision)),
    workloads: [...rollup.workloads].sort((a, b) => a.workload.name.localeCompare(b.workload.name)).map(workloadSummary),
    services: revision.snapshot.services.filter((s) => s.namespace === name).map(serviceSummary),
    config: configObjects(revision)
      .filter((o) => o.namespace === name)
      .map((o) => configSummary(revision, o)),
  };
}
