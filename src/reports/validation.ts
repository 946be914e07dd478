// The `meshlock validate -o json` report and GET /api/validations (docs/product.md contract): every config
// object of a revision with its checks placed at file:line:column, plus load problems. One function for
// both doors, so they cannot disagree.
import {
  firstDefinitions,
  formatPath,
  MeshStore,
  type CheckResult,
  type LineOf,
  type MeshObject,
  type MeshRevision,
  type ObjectValidation,
  type Problem,
  type Severity,
  type SourceSpan,
  type StoreOptions,
} from '../core/index.js';
import type { Check, LoadProblem, ValidatedObject, ValidationReport } from '../api/schemas.js';
import { parseFile } from '../documents/parse.js';
import { documentLineIn, SplitTexts } from '../documents/split.js';
import type { PositionResolver, Start } from '../documents/positions.js';
import { PositionResolver as Positions } from '../documents/positions.js';
import { objectAt, positionsIn } from './revision.js';

export type ReportSeverity = Check['severity'];

/** Kiali's vocabulary: a check meshlock calls info is `unknown` in JSON, as Kiali's API has it. */
export const reportSeverity = (severity: Severity): ReportSeverity => (severity === 'info' ? 'unknown' : severity);

/** Unknown-field findings are shown on the key; everything else on the value the path names. */
const ON_KEY = new Set(['MSL101']);

/**
 * Line and column of every check, from the YAML tree of the object's document; a check whose path the
 * document does not have sits on the document's first line. `lineBase` moves lines to another origin
 * (the document's first line instead of the file's, for the editor).
 */
export function placeChecks(checks: readonly CheckResult[], positions: PositionResolver, span: SourceSpan | undefined, lineBase = 1): Check[] {
  const shift = lineBase - 1;
  const first = span && positions.documentLine(span);
  return checks.map((check) => {
    const at = span ? positions.locate(span, check.path, { key: ON_KEY.has(check.code) }) : undefined;
    return { ...placed(check, at, first, shift), endLine: at ? at.endLine - shift : null, endColumn: at?.endColumn ?? null };
  });
}

type ReportedCheck = ValidatedObject['checks'][number];

/** placeChecks without the end of each check: the start alone needs no syntax tree for plain YAML. */
function placeStarts(checks: readonly CheckResult[], positions: PositionResolver, span: SourceSpan | undefined, lineBase: number): ReportedCheck[] {
  if (checks.length === 0) return [];
  const first = span && positions.documentLine(span);
  return checks.map((check) => placed(check, span && positions.start(span, check.path, { key: ON_KEY.has(check.code) }), first, lineBase - 1));
}

/** A check at `at`; one whose path the document does not have sits on the document's first line. */
function placed(check: CheckResult, at: Start | undefined, first: number | undefined, shift: number): ReportedCheck {
  return {
    code: check.code,
    severity: reportSeverity(check.severity),
    message: check.message,
    path: formatPath(check.path),
    line: at ? at.line - shift : first !== undefined ? first - shift : null,
    column: at ? at.column : first !== undefined ? 1 : null,
  };
}

/**
 * Checks placed with lines counted from their document's first line, per validation and object. Both are
 * immutable and an object is re-read only when its document's text changed, so a later revision that kept
 * them re-uses the placement and only shifts it to where the document now starts.
 */
const placedInDocument = new WeakMap<ObjectValidation, { readonly object: MeshObject; readonly checks: readonly ReportedCheck[] }>();

/** `object`: where the validated object is now (a document that only moved keeps its checks, not its place). */
function reportObject(validation: ObjectValidation, positions: PositionResolver, object: MeshObject = validation.object): ValidatedObject {
  const span = object.source;
  // Lines are only shifted for checks: an object without any needs no split of its file.
  const documentLine = (validation.checks.length > 0 && span && positions.documentLine(span)) || 1;
  let placed = placedInDocument.get(validation);
  if (placed?.object !== object) {
    placed = { object, checks: placeStarts(validation.checks, positions, span, documentLine) };
    placedInDocument.set(validation, placed);
  }
  const shift = documentLine - 1;
  return {
    kind: validation.kind,
    apiVersion: validation.apiVersion,
    namespace: validation.namespace,
    name: validation.name,
    file: span?.file ?? null,
    valid: validation.valid,
    checks: shift === 0 ? placed.checks.map((c) => ({ ...c })) : placed.checks.map((c) => ({ ...c, line: c.line === null ? null : c.line + shift })),
  };
}

export function loadProblem(problem: Problem): LoadProblem {
  return { code: problem.code, message: problem.message, file: problem.file ?? null, line: problem.line ?? null, column: problem.column ?? null };
}

/**
 * A problem of the revision as reported. One about an object whose line only the file text knows (found
 * after reading, such as the mesh config's) sits on the first line of that object's document.
 */
export function revisionProblem(revision: MeshRevision, problem: Problem): LoadProblem {
  const loaded = loadProblem(problem);
  if (loaded.line !== null || !problem.object || !problem.file) return loaded;
  const span = objectAt(revision, problem.object)?.source;
  const line = span && positionsIn(revision).documentLine(span);
  return line === undefined ? loaded : { ...loaded, line, column: loaded.column ?? 1 };
}

/**
 * Every validated object of the revision, placed. Objects the loader leaves out because the API server would
 * reject them (bad PA/DR mode enums) are listed too, with their schema checks, or the loader's reason.
 */
export function validationReport(revision: MeshRevision): ValidationReport {
  return revision.memo('validation-report', () => buildReport(revision, positionsIn(revision)));
}

function buildReport(revision: MeshRevision, positions: PositionResolver): ValidationReport {
  const validator = revision.validator();
  const objects = validator.validationsAt().map(({ validation, object }) => reportObject(validation, positions, object));
  const placed = new Set<Problem>();
  for (const problem of revision.snapshot.problems) {
    const rejected: MeshObject | undefined = problem.rejected;
    if (!rejected) continue;
    const validation = validator.checkOutside(rejected);
    if (!validation) continue;
    placed.add(problem);
    // The object never reaches the engine, whatever its checks say; when no schema check explains why, the
    // loader's reason is the check.
    const reason: CheckResult = { code: 'MSL105', severity: 'error', message: problem.message, path: problem.path ?? [] };
    objects.push({ ...reportObject({ ...validation, checks: validation.checks.length > 0 ? validation.checks : [reason] }, positions), valid: false });
  }
  const problems = revision.snapshot.problems.filter((p) => !placed.has(p)).map((p) => revisionProblem(revision, p));
  // Counted in one pass: flatMap and filters over 50,000 objects cost tens of milliseconds.
  const count = { invalid: 0, error: 0, warning: 0, unknown: 0 };
  for (const object of objects) {
    if (!object.valid) count.invalid++;
    for (const check of object.checks) count[check.severity]++;
  }
  return {
    objects,
    summary: { objects: objects.length, invalid: count.invalid, errors: count.error, warnings: count.warning, unknown: count.unknown, problems },
  };
}

/** The same report for YAML held in memory (file name → text), with the store's checkers and silenced codes. */
export function validateTexts(texts: ReadonlyMap<string, string>, options: StoreOptions = {}): ValidationReport {
  const files = new Map([...texts].map(([file, text]) => [file, parseFile(text, file)]));
  const lineOf: LineOf = (span) => documentLineIn(files.get(span.file)?.chunks, span.document);
  // Duplicates found here, where the texts say on which line each definition is.
  const firsts = firstDefinitions([...files.values()].flatMap((f) => f.objects), lineOf);
  const problems = [...[...files.values()].flatMap((f) => f.problems), ...firsts.problems];
  const split = new SplitTexts(files.values());
  const store = new MeshStore({ objects: firsts.objects, problems, texts: split }, options);
  return buildReport(store.current, new Positions(split));
}
