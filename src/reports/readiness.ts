// STRICT readiness of one namespace or workload, and the evidence export, as the console serves them.
import { formatRef, namespaceCoverage, readiness, type MeshRevision } from '../core/index.js';
import type { NamespaceCoverage } from '../api/schemas.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import { ReportError } from './report-error.js';
import { statusIn } from './revision.js';
import { DEFAULT_WINDOW_SECONDS, observeTraffic } from './observed-traffic.js';
import { csvTable } from './posture.js';

export async function readinessReport(revision: MeshRevision, traffic: TelemetrySource | undefined, query: { namespace: string; workload?: string; window?: number }) {
  const windowSeconds = query.window ?? DEFAULT_WINDOW_SECONDS;
  // A root-namespace policy is mesh-wide: every namespace's traffic counts.
  const meshWide = query.workload === undefined && query.namespace === revision.engine.meshConfig.rootNamespace;
  const observed = await observeTraffic(traffic, windowSeconds, meshWide ? undefined : [query.namespace]);
  const [result] = readiness(revision.engine, [{ namespace: query.namespace, ...(query.workload !== undefined && { workload: query.workload }) }], { traffic: observed.rows, windowSeconds });
  if (!result || 'error' in result) throw new ReportError('not-found', `${query.workload === undefined ? `namespace ${query.namespace}` : `workload ${query.namespace}/${query.workload}`} does not exist`);
  return { ...result, telemetry: observed.info };
}

const COVERAGE_COLUMNS = [
  'namespace',
  'mode',
  'lock',
  'decidedBy',
  'workloads',
  'sidecarWorkloads',
  'ports',
  'strictPorts',
  'strictPortShare',
  'requestRate',
  'mtlsRequestRate',
  'mtlsRequestShare',
] as const satisfies readonly (keyof NamespaceCoverage)[];

/** mTLS coverage per namespace as an audit download; the JSON also says when, from what, over which window. */
export async function evidenceDownload(revision: MeshRevision, traffic: TelemetrySource | undefined, query: { format: 'csv' | 'json'; window?: number }, now: Date) {
  const observed = await observeTraffic(traffic, query.window ?? DEFAULT_WINDOW_SECONDS);
  const rows = namespaceCoverage(statusIn(revision), observed.rows);
  const stamp = now.toISOString().slice(0, 10);
  if (query.format === 'csv') return { type: 'text/csv; charset=utf-8', filename: `meshlock-evidence-${stamp}.csv`, body: csvTable(COVERAGE_COLUMNS, rows) };
  const meshConfig = revision.engine.meshConfig.source;
  const document = { generatedAt: now.toISOString(), meshConfig: meshConfig ? formatRef(meshConfig) : null, telemetry: observed.info, namespaces: rows };
  return { type: 'application/json; charset=utf-8', filename: `meshlock-evidence-${stamp}.json`, body: JSON.stringify(document, null, 2) };
}
