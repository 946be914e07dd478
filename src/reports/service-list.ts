// The Services list: every Service with the mode of the workload ports it sends to, from the same
// summaries the service page shows (serviceSummary, workloadSummary), filtered and paged.
import { modeLock, selectorMatches, type MeshRevision } from '../core/index.js';
import type { ServiceRow } from '../api/schemas.js';
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

function buildServiceRows(revision: MeshRevision): ServiceRow[] {
  const rows = revision.snapshot.services.map((service): ServiceRow => {
    const selector = service.selector;
    const workloads = selector ? revision.snapshot.workloads.filter((w) => w.namespace === service.namespace && selectorMatches(selector, w.podLabels)) : [];
    const targets = new Set(service.ports.map((p) => p.targetPort));
    // A named target port may be any container port; a number names one.
    const ports = workloads.flatMap((w) => workloadSummary(revision.engine.workloadModes(w)).ports.filter((p) => targets.has(p.port) || service.ports.some((s) => typeof s.targetPort === 'string')));
    const modes = new Set(ports.map((p) => p.mode));
    const deciders = new Set(ports.map((p) => p.decidedBy));
    const only = modes.size === 1 ? [...modes][0] : undefined;
    const mode = ports.length === 0 ? 'NONE' : only === undefined ? 'MIXED' : only;
    return {
      ...serviceSummary(service),
      workloads: workloads.length,
      mode,
      lock: modeLock(mode),
      decidedBy: deciders.size === 1 ? ([...deciders][0] ?? null) : null,
    };
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
