// The server's one door to the validation checks (src/core/checks) and to the `meshlock validate` report:
// run the checks over a snapshot or a few objects, and place each finding at a line and column.
// The report builder lives with the validate command (src/cli/validate/report.ts); this is the only server
// module that reaches it, so that when it moves next to the other shared shapes only this import changes.
import { buildReport, reportSeverity, type ValidationReport } from '../cli/validate/report.js';
import { CheckContext, checkers, checkersByKind, checkSnapshot, formatPath, validateObject, type MeshObject, type MtlsEngine, type ObjectValidation, type SourceSpan } from '../core/index.js';
import type { Check } from '../api/schemas.js';
import type { LoadedSource } from '../sources/files/load.js';
import type { PositionResolver } from '../sources/files/positions.js';

export { isConfigObject } from '../core/index.js';
export type ObjectChecks = ObjectValidation;
export type { ValidationReport };

const byKind = checkersByKind(checkers);

/** Unknown-field findings are shown on the key, as the validate report places them; the rest on the value. */
const ON_KEY = new Set(['MSL101']);

export function validateAll(engine: MtlsEngine): ObjectChecks[] {
  return checkSnapshot(new CheckContext(engine), checkers);
}

/** Checks only `objects`, each against the whole snapshot the engine holds (they must be part of it). */
export function validateObjects(engine: MtlsEngine, objects: readonly MeshObject[]): ObjectChecks[] {
  const ctx = new CheckContext(engine);
  return objects.flatMap((object) => validateObject(object, ctx, byKind) ?? []);
}

/** The JSON of `meshlock validate -o json` for a loaded source. */
export function validationReport(loaded: LoadedSource): ValidationReport {
  return buildReport(loaded, checkers);
}

/**
 * Line and column of every check, from the YAML tree of the object's document. `lineBase` moves lines to
 * another origin (e.g. the document's first line instead of the file's).
 */
export function placeChecks(validation: ObjectChecks, positions: PositionResolver, span: SourceSpan | undefined = validation.object.source, lineBase = 1): Check[] {
  const shift = lineBase - 1;
  return validation.checks.map((check) => {
    const at = span ? positions.locate(span, check.path, { key: ON_KEY.has(check.code) }) : undefined;
    return {
      code: check.code,
      severity: reportSeverity(check.severity),
      message: check.message,
      path: formatPath(check.path),
      line: at ? at.line - shift : null,
      column: at?.column ?? null,
      endLine: at ? at.endLine - shift : null,
      endColumn: at?.endColumn ?? null,
    };
  });
}
