// The Services list: every Service with the mode of the workload ports it sends to, from the same
// summaries the service page shows (serviceSummary, workloadSummary), filtered and paged.
import { modeLock, selectorMatches, type MeshRevision, type Service } from '../core/index.js';
import type { PortMode, ServicePortMode, ServiceRow } from '../api/schemas.js';
import { serviceSummary, workloadSummary } from './mesh.js';

export interface ServiceFilter {
  namespace?: string;
  q?: string;
  notStrict?: boolean;
}

/** Built once per revision, filtered per request. */
function serviceRows(revision: MeshRevision): ServiceRow[] {
  return revision.memo('service-rows', () => buildServiceRows(revision));
}

/** One mode for workload ports taken together: theirs when they agree, MIXED when not, NONE without any. */
function combinedMode(ports: readonly PortMode[]): Omit<ServicePortMode, 'port'> {
  const modes = new Set(ports.map((p) => p.mode));
  const deciders = new Set(ports.map((p) => p.decidedBy));
  const only = modes.size === 1 ? [...modes][0] : undefined;
  const mode = ports.length === 0 ? 'NONE' : only === undefined ? 'MIXED' : only;
  return { mode, lock: modeLock(mode), decidedBy: deciders.size === 1 ? ([...deciders][0] ?? null) : null };
}

/** A named target port may be any container port; a number names one. */
const reaches = (targetPort: number | string, port: PortMode) => typeof targetPort === 'string' || targetPort === port.port;

/** The workloads a Service selects and the mode of each of their ports, from the engine. */
export function serviceBackends(revision: MeshRevision, service: Service) {
  const selector = service.selector;
  const workloads = selector ? revision.snapshot.workloads.filter((w) => w.namespace === service.namespace && selectorMatches(selector, w.podLabels)) : [];
  return workloads.map((w) => workloadSummary(revision.engine.workloadModes(w)));
}

/** Per service port, the combined mode of the workload ports it sends to. */
export function servicePortModes(service: Service, backends: ReturnType<typeof serviceBackends>): ServicePortMode[] {
  return service.ports.map((s) => ({ port: s.port, ...combinedMode(backends.flatMap((w) => w.ports.filter((p) => reaches(s.targetPort, p)))) }));
}

function buildServiceRows(revision: MeshRevision): ServiceRow[] {
  const rows = revision.snapshot.services.map((service): ServiceRow => {
    const backends = serviceBackends(revision, service);
    const ports = backends.flatMap((w) => w.ports.filter((p) => service.ports.some((s) => reaches(s.targetPort, p))));
    return { ...serviceSummary(service), workloads: backends.length, ...combinedMode(ports) };
  });
  return rows.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

export function servicePage(revision: MeshRevision, filter: ServiceFilter & { offset?: number; limit?: number }): { total: number; rows: ServiceRow[] } {
  const q = filter.q?.toLowerCase();
  const rows = serviceRows(revision).filter(
    (r) => (filter.namespace === undefined || r.namespace === filter.namespace) && (!filter.notStrict || r.mode !== 'STRICT') && (q === undefined || r.namespace.toLowerCase().includes(q) || r.name.toLowerCase().includes(q)),
  );
  const offset = filter.offset ?? 0;
  return { total: rows.length, rows: rows.slice(offset, offset + (filter.limit ?? 100)) };
}
