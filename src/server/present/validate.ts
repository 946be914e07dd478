// Validation of text that is not saved: the editor's unsaved YAML is checked in place of the object it
// stands for, against everything else in the mesh, with positions in that text.
import { buildSnapshot, formatRef, MtlsEngine } from '../../core/index.js';
import type { ObjectRef, ValidateResponse } from '../../api/schemas.js';
import { parseFile } from '../../sources/files/load.js';
import { PositionResolver } from '../../sources/files/positions.js';
import type { MeshView } from '../mesh-view.js';
import { placeChecks, validateObjects } from '../validation.js';

/** The name the sent text is parsed under; never shown, since positions are in the text itself. */
const SENT = '(sent)';

export function validateText(view: MeshView, yaml: string, replaces: ObjectRef | undefined): ValidateResponse {
  const parsed = parseFile(yaml, SENT);
  const problems = parsed.problems.map((p) => ({ code: p.code, message: p.message, file: null, line: p.line ?? null, column: p.column ?? null }));
  if (parsed.objects.length === 0) return { objects: [], problems };
  const replaced = new Set(parsed.objects.map(formatRef));
  if (replaces) replaced.add(formatRef(replaces));
  const snapshot = buildSnapshot([...view.snapshot.objects.filter((o) => !replaced.has(formatRef(o))), ...parsed.objects]);
  const sent = snapshot.objects.filter((o) => o.source?.file === SENT);
  const positions = new PositionResolver(new Map([[SENT, yaml]]));
  return {
    objects: validateObjects(new MtlsEngine(snapshot), sent).map((v) => ({
      kind: v.kind,
      apiVersion: v.apiVersion,
      namespace: v.namespace,
      name: v.name,
      valid: v.valid,
      checks: placeChecks(v, positions),
    })),
    problems,
  };
}
