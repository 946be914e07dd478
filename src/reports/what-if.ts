// What-if for `meshlock whatif` and POST /api/whatif: objects (the editor's unsaved YAML, a form's preview, a
// change file) applied in memory against the current mesh, and every edge whose outcome would change, weighted
// by observed traffic. Nothing is written.
import { changesFromObjects, formatRef, whatIf, type Change, type MeshRevision } from '../core/index.js';
import type { LoadProblem, ObjectRef } from '../api/schemas.js';
import { parseText } from '../documents/parse.js';
import { ReportError } from './report-error.js';
import { boundSentText, SENT } from './sent-text.js';
import { objectAt } from './revision.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import { DEFAULT_WINDOW_SECONDS, observeTraffic, trafficWindow, type Observed } from './observed-traffic.js';

export async function whatIfText(revision: MeshRevision, traffic: TelemetrySource | undefined, body: { yaml: string; replaces?: ObjectRef; window?: number; end?: number }) {
  const parsed = parseText(body.yaml, SENT);
  boundSentText(parsed.objects);
  const problems = parsed.problems.map((p) => ({ code: p.code, message: p.message, file: null, line: p.line ?? null, column: p.column ?? null }));
  const changes: Change[] = changesFromObjects(parsed.objects);
  const replaces = body.replaces;
  // The editor's object renamed in its text: the old one goes away when the new one is saved.
  if (replaces && !parsed.objects.some((o) => formatRef(o) === formatRef(replaces)) && objectAt(revision, replaces)) {
    changes.unshift({ type: 'delete', ref: replaces });
  }
  return whatIfReport(revision, changes, await observeTraffic(traffic, trafficWindow(body.window ?? DEFAULT_WINDOW_SECONDS, body.end)), problems);
}

/** The JSON of POST /api/whatif and `meshlock whatif -o json`: the changes judged on the revision, weighted by one observation. */
export function whatIfReport(revision: MeshRevision, changes: readonly Change[], observed: Observed, problems: readonly LoadProblem[] = []) {
  const result = whatIf(revision.engine, changes, { traffic: observed.rows });
  if ('error' in result) throw new ReportError('invalid', result.error);
  return { ...result, telemetry: observed.info, problems };
}
