// What-if of unsaved text: the editor's YAML (or a form's preview) applied in memory against the current
// mesh, and every edge whose outcome would change, weighted by observed traffic. Nothing is written.
import { changesFromObjects, formatRef, whatIf, type Change, type MeshRevision } from '../core/index.js';
import type { ObjectRef } from '../api/schemas.js';
import { parseText } from '../documents/parse.js';
import { ReportError } from './report-error.js';
import { objectAt } from './revision.js';
import type { TelemetrySource } from '../telemetry/telemetry-source.js';
import { DEFAULT_WINDOW_SECONDS, observeTraffic } from './observed-traffic.js';

/** The name the sent text is parsed under; never shown, since positions are in the text itself. */
const SENT = '(sent)';

export async function whatIfText(revision: MeshRevision, traffic: TelemetrySource | undefined, body: { yaml: string; replaces?: ObjectRef; window?: number }) {
  const parsed = parseText(body.yaml, SENT);
  const problems = parsed.problems.map((p) => ({ code: p.code, message: p.message, file: null, line: p.line ?? null, column: p.column ?? null }));
  const changes: Change[] = changesFromObjects(parsed.objects);
  const replaces = body.replaces;
  // The editor's object renamed in its text: the old one goes away when the new one is saved.
  if (replaces && !parsed.objects.some((o) => formatRef(o) === formatRef(replaces)) && objectAt(revision, replaces)) {
    changes.unshift({ type: 'delete', ref: replaces });
  }
  const observed = await observeTraffic(traffic, body.window ?? DEFAULT_WINDOW_SECONDS);
  const result = whatIf(revision.engine, changes, { traffic: observed.rows });
  if ('error' in result) throw new ReportError('invalid', result.error);
  return { ...result, telemetry: observed.info, problems };
}
