// Validation of text that is not saved: the editor's unsaved YAML is checked in place of the object it
// stands for, against everything else in the mesh, with positions in that text. Runs in the compute worker
// (compute-worker.ts), so a hostile body never holds up the server's other requests.
import { buildSnapshot, formatRef, MtlsEngine, type MeshObject } from '../../core/index.js';
import type { ObjectRef, ValidateResponse } from '../../api/schemas.js';
import { parseFile } from '../../sources/files/load.js';
import { PositionResolver } from '../../sources/files/positions.js';
import { placeChecks, validateObjects } from '../validation.js';

/** The name the sent text is parsed under; never shown, since positions are in the text itself. */
const SENT = '(sent)';

/** `mesh`: every object of the current revision; the sent objects replace those with their names (and `replaces`). */
export function validateText(mesh: readonly MeshObject[], yaml: string, replaces: ObjectRef | undefined): ValidateResponse {
  const parsed = parseFile(yaml, SENT);
  const problems = parsed.problems.map((p) => ({ code: p.code, message: p.message, file: null, line: p.line ?? null, column: p.column ?? null }));
  if (parsed.objects.length === 0) return { objects: [], problems };
  const replaced = new Set(parsed.objects.map(formatRef));
  if (replaces) replaced.add(formatRef(replaces));
  const snapshot = buildSnapshot([...mesh.filter((o) => !replaced.has(formatRef(o))), ...parsed.objects]);
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
