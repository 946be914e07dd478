// STRICT readiness of namespaces and workloads for `meshlock readiness` and GET /api/readiness, and the
// evidence export.
import { formatRef, namespaceCoverage, readiness, type MeshRevision, type ReadinessScope } from '../core/index.js';
import type { NamespaceCoverage } from '../api/schemas.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import { ReportError } from './report-error.js';
import { statusIn } from './revision.js';
import { DEFAULT_WINDOW_SECONDS, observeTraffic, trafficWindow, type Observed } from './observed-traffic.js';
import { csvTable } from './posture.js';

/** Whose traffic a scope's verdict reads: its own namespace's, or every namespace's for a root-namespace (mesh-wide) policy. */
export function trafficNamespaces(revision: MeshRevision, scope: ReadinessScope): readonly string[] | undefined {
  return scope.workload === undefined && scope.namespace === revision.engine.meshConfig.rootNamespace ? undefined : [scope.namespace];
}

/** Each scope's readiness judged on one observation: for one scope, the JSON of GET /api/readiness. */
export function readinessOf(revision: MeshRevision, scopes: readonly ReadinessScope[], observed: Observed) {
  const { durationSeconds, endSeconds } = observed.window;
  return readiness(revision.engine, scopes, { traffic: observed.rows, windowSeconds: durationSeconds, ...(endSeconds !== undefined && { endSeconds }) }).map((result) => ('error' in result ? result : { ...result, telemetry: observed.info }));
}

export async function readinessReport(revision: MeshRevision, traffic: TelemetrySource | undefined, query: { namespace: string; workload?: string; window?: number; end?: number }) {
  const scope: ReadinessScope = { namespace: query.namespace, ...(query.workload !== undefined && { workload: query.workload }) };
  const observed = await observeTraffic(traffic, trafficWindow(query.window ?? DEFAULT_WINDOW_SECONDS, query.end), trafficNamespaces(revision, scope));
  const [result] = readinessOf(revision, [scope], observed);
  if (!result || 'error' in result) throw new ReportError('not-found', `${query.workload === undefined ? `namespace ${query.namespace}` : `workload ${query.namespace}/${query.workload}`} does not exist`);
  return result;
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
  const observed = await observeTraffic(traffic, { durationSeconds: query.window ?? DEFAULT_WINDOW_SECONDS });
  const rows = namespaceCoverage(statusIn(revision), observed.rows);
  const stamp = now.toISOString().slice(0, 10);
  if (query.format === 'csv') return { type: 'text/csv; charset=utf-8', filename: `meshlock-evidence-${stamp}.csv`, body: csvTable(COVERAGE_COLUMNS, rows) };
  const meshConfig = revision.engine.meshConfig.source;
  const document = { generatedAt: now.toISOString(), meshConfig: meshConfig ? formatRef(meshConfig) : null, telemetry: observed.info, namespaces: rows };
  return { type: 'application/json; charset=utf-8', filename: `meshlock-evidence-${stamp}.json`, body: JSON.stringify(document, null, 2) };
}
