// The security posture: one row per mesh, namespace, workload and workload port with its effective mode,
// built once per revision and filtered per request; exported as CSV or JSON with the same filters.
import { formatRef, hasSidecar, portLock, type MeshRevision } from '../core/index.js';
import type { PostureRow } from '../api/schemas.js';
import { portModes } from './mesh.js';
import { statusIn } from './revision.js';

export interface PostureFilter {
  level?: PostureRow['level'];
  namespace?: string;
  notStrict?: boolean;
  q?: string;
}

/** Built once per revision, filtered per request. */
export function postureRows(revision: MeshRevision): PostureRow[] {
  return revision.memo('posture', () => buildPostureRows(revision));
}

function buildPostureRows(revision: MeshRevision): PostureRow[] {
  const status = statusIn(revision);
  const rows: PostureRow[] = [{ level: 'mesh', namespace: null, workload: null, port: null, mode: status.mesh.mode, lock: status.mesh.lock, sidecar: null, dataplane: null, decidedBy: status.mesh.decidedBy }];
  for (const ns of status.namespaces) {
    rows.push({ level: 'namespace', namespace: ns.name, workload: null, port: null, mode: ns.mode, lock: ns.lock, sidecar: null, dataplane: null, decidedBy: ns.decidedBy });
    for (const modes of revision.engine.namespace(ns.name).workloads) {
      const w = modes.workload;
      const level = modes.workloadMode;
      rows.push({
        level: 'workload',
        namespace: w.namespace,
        workload: w.name,
        port: null,
        mode: level ? level.mode : 'NONE',
        lock: level ? portLock(level.mode) : 'none',
        sidecar: hasSidecar(w),
        dataplane: w.dataplane,
        decidedBy: level?.decidedBy ? formatRef(level.decidedBy) : null,
      });
      for (const port of portModes(modes)) {
        rows.push({ level: 'port', namespace: w.namespace, workload: w.name, port: port.port, mode: port.mode, lock: port.lock, sidecar: hasSidecar(w), dataplane: w.dataplane, decidedBy: port.decidedBy });
      }
    }
  }
  return rows;
}

export function filterPosture(rows: readonly PostureRow[], filter: PostureFilter): PostureRow[] {
  const q = filter.q?.toLowerCase();
  return rows.filter(
    (r) =>
      (filter.level === undefined || r.level === filter.level) &&
      (filter.namespace === undefined || r.namespace === filter.namespace) &&
      (!filter.notStrict || r.mode !== 'STRICT') &&
      (q === undefined || (r.namespace ?? '').toLowerCase().includes(q) || (r.workload ?? '').toLowerCase().includes(q)),
  );
}

// dataplane last: scripts that read the columns before it by position keep working.
const CSV_COLUMNS = ['level', 'namespace', 'workload', 'port', 'mode', 'lock', 'sidecar', 'decidedBy', 'dataplane'] as const;

/** RFC 4180: quote fields holding a comma, quote or newline. Cells starting with = + - @ are prefixed so spreadsheets do not run them. */
function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: the column names, then one line per row. */
export function csvTable<C extends string>(columns: readonly C[], rows: readonly Readonly<Record<C, string | number | boolean | null>>[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function postureCsv(rows: readonly PostureRow[]): string {
  return csvTable(CSV_COLUMNS, rows);
}
