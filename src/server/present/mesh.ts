// The mesh, its namespaces and their workloads as the console shows them. Every mode, lock and deciding
// object comes from the engine; this file only shapes it.
import { formatRef, serviceHostname, type ObjectRef, type Service } from '../../core/index.js';
import type { Lock, MeshSummary, NamespaceDetail, NamespaceSummary, PortMode, ServerMode, ServiceSummary, ValidationCounts, WorkloadSummary } from '../../api/schemas.js';
import type { MeshView } from '../mesh-view.js';
import { configObjects, configSummary } from './config.js';

type WorkloadModes = ReturnType<MeshView['engine']['workloadModes']>;

const ref = (r: ObjectRef | null): string | null => (r ? formatRef(r) : null);

/**
 * The lock of one workload port says what the port accepts: only mTLS (full), both (hollow), or plaintext
 * only / no sidecar to enforce anything (none).
 */
export function portLock(mode: ServerMode): Lock {
  return mode === 'STRICT' ? 'full' : mode === 'PERMISSIVE' ? 'hollow' : 'none';
}

export function meshSummary(view: MeshView): MeshSummary {
  const mesh = view.engine.mesh();
  return {
    rootNamespace: mesh.rootNamespace,
    mode: mesh.mode,
    lock: mesh.lock,
    status: mesh.status,
    decidedBy: ref(mesh.decidedBy),
    explanation: [...mesh.explanation],
    autoMtls: mesh.autoMtls,
    minProtocolVersion: mesh.minProtocolVersion,
    meshConfig: view.engine.meshConfig.source ?? null,
  };
}

function validationCounts(view: MeshView): Map<string, ValidationCounts> {
  const counts = new Map<string, ValidationCounts>();
  for (const validation of view.validations().values()) {
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

function namespaceSummary(view: MeshView, name: string, counts: ReadonlyMap<string, ValidationCounts>): NamespaceSummary {
  const rollup = view.engine.namespace(name);
  return {
    name,
    mode: rollup.mode,
    lock: rollup.lock,
    status: rollup.status,
    decidedBy: ref(rollup.decidedBy),
    inherited: name !== view.engine.meshConfig.rootNamespace && (rollup.decidedBy === null || rollup.decidedBy.namespace !== name),
    explanation: [...rollup.explanation],
    injection: view.snapshot.namespaces.get(name)?.injection ?? 'unlabelled',
    workloadCount: rollup.workloads.length,
    sidecarCount: rollup.workloads.filter((w) => w.workload.sidecar).length,
    validations: counts.get(name) ?? NO_CHECKS,
  };
}

export function namespaceSummaries(view: MeshView): NamespaceSummary[] {
  const counts = validationCounts(view);
  return view.engine.namespaceNames().map((name) => namespaceSummary(view, name, counts));
}

export function portModes(modes: WorkloadModes): PortMode[] {
  return modes.ports.map((p) => ({
    port: p.targetPort,
    mode: p.mode,
    lock: portLock(p.mode),
    decidedBy: p.decision ? ref(p.decision.decidedBy) : null,
    explanation: p.decision ? [...p.decision.explanation] : [`no sidecar (${modes.workload.sidecarReason}): nothing enforces mTLS on this port`],
  }));
}

export function workloadSummary(modes: WorkloadModes): WorkloadSummary {
  const w = modes.workload;
  return { namespace: w.namespace, name: w.name, kind: w.workloadKind, sidecar: w.sidecar, ports: portModes(modes) };
}

export function serviceSummary(service: Service): ServiceSummary {
  return {
    namespace: service.namespace,
    name: service.name,
    hostname: serviceHostname(service.name, service.namespace),
    ports: service.ports.map((p) => ({ port: p.port, name: p.name ?? null, protocol: p.protocol, targetPort: p.targetPort })),
  };
}

export function namespaceDetail(view: MeshView, name: string): NamespaceDetail | undefined {
  if (!view.snapshot.namespaces.has(name)) return undefined;
  const rollup = view.engine.namespace(name);
  return {
    ...namespaceSummary(view, name, validationCounts(view)),
    workloads: [...rollup.workloads].sort((a, b) => a.workload.name.localeCompare(b.workload.name)).map(workloadSummary),
    services: view.snapshot.services.filter((s) => s.namespace === name).map(serviceSummary),
    config: configObjects(view)
      .filter((o) => o.namespace === name)
      .map((o) => configSummary(view, o)),
  };
}
