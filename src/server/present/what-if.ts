// What-if of unsaved text: the editor's YAML (or a form's preview) applied in memory against the current
// mesh, and every edge whose outcome would change, weighted by observed traffic. Nothing is written. The
// traffic is read here; the comparison runs in the compute worker (compute-worker.ts).
import { changesFromObjects, formatRef, whatIf, type Change, type MtlsEngine, type SeenTrafficRow } from '../../core/index.js';
import type { ObjectRef } from '../../api/schemas.js';
import { parseText } from '../../sources/files/load.js';
import { HttpError } from '../errors.js';

/** The name the sent text is parsed under; never shown, since positions are in the text itself. */
const SENT = '(sent)';

export interface WhatIfInput {
  readonly yaml: string;
  readonly replaces?: ObjectRef;
  /** Observed traffic of the window asked for; undefined without telemetry. */
  readonly rows: readonly SeenTrafficRow[] | undefined;
}

/** The changed edges; throws HttpError 400 when the change cannot be compared. */
export function whatIfChanges(engine: MtlsEngine, input: WhatIfInput) {
  const parsed = parseText(input.yaml, SENT);
  const problems = parsed.problems.map((p) => ({ code: p.code, message: p.message, file: null, line: p.line ?? null, column: p.column ?? null }));
  const changes: Change[] = changesFromObjects(parsed.objects);
  const replaces = input.replaces;
  // The editor's object renamed in its text: the old one goes away when the new one is saved.
  if (replaces && !parsed.objects.some((o) => formatRef(o) === formatRef(replaces)) && engine.snapshot.objects.some((o) => formatRef(o) === formatRef(replaces))) {
    changes.unshift({ type: 'delete', ref: replaces });
  }
  const result = whatIf(engine, changes, { traffic: input.rows });
  if ('error' in result) throw new HttpError(400, 'bad-request', result.error);
  return { ...result, problems };
}
