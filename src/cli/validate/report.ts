// The `meshlock validate` report (docs/product.md contract): every config object with its checks placed at
// file:line:column, plus load problems. Built from a loaded source; the formatters print it.
import { load } from 'js-yaml';
import {
  buildSnapshot,
  CheckContext,
  checkersByKind,
  DEFAULT_IGNORED_CODES,
  field,
  formatPath,
  isRecord,
  MtlsEngine,
  validateObject,
  type Checker,
  type MeshObject,
  type ObjectValidation,
  type Problem,
  type Severity,
  type SourceSpan,
} from '../../core/index.js';
import { parseText, type LoadedSource } from '../../sources/files/load.js';
import { PositionResolver } from '../../sources/files/positions.js';
import { splitDocuments } from '../../sources/files/split-documents.js';

/** Kiali's vocabulary: a check meshlock calls info is `unknown` in JSON, as Kiali's API has it. */
export type ReportSeverity = 'error' | 'warning' | 'unknown';

export interface ReportCheck {
  readonly code: string;
  readonly severity: ReportSeverity;
  readonly message: string;
  /** Kiali's path string, e.g. `spec/rules[0]/from[0]/source/principals`. */
  readonly path: string;
  readonly line: number | null;
  readonly column: number | null;
}

export interface ReportObject {
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly name: string;
  readonly file: string | null;
  readonly valid: boolean;
  readonly checks: readonly ReportCheck[];
}

export interface ReportProblem {
  readonly code: string;
  readonly message: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
}

export interface ValidationReport {
  readonly objects: readonly ReportObject[];
  readonly summary: {
    readonly objects: number;
    readonly invalid: number;
    readonly errors: number;
    readonly warnings: number;
    readonly unknown: number;
    readonly problems: readonly ReportProblem[];
  };
}

export const reportSeverity = (severity: Severity): ReportSeverity => (severity === 'info' ? 'unknown' : severity);

function place(validation: ObjectValidation, positions: PositionResolver): ReportObject {
  const span = validation.object.source;
  return {
    kind: validation.kind,
    apiVersion: validation.apiVersion,
    namespace: validation.namespace,
    name: validation.name,
    file: span?.file ?? null,
    valid: validation.valid,
    checks: validation.checks.map((check) => {
      // An unknown field is best shown on its key; everything else on the value the path names.
      const at = span ? positions.locate(span, check.path, { key: check.code === 'MSL101' }) : undefined;
      return {
        code: check.code,
        severity: reportSeverity(check.severity),
        message: check.message,
        path: formatPath(check.path),
        line: at?.line ?? span?.line ?? null,
        column: at?.column ?? (span ? 1 : null),
      };
    }),
  };
}

/**
 * The loader leaves objects the API server would reject (bad PA/DR mode enums) out of the snapshot. They
 * are rebuilt here from their text so the report lists them, with their schema checks at the right line.
 */
function rejectedObjects(problems: readonly Problem[], texts: ReadonlyMap<string, string>): { objects: { object: MeshObject; problem: Problem }[]; placed: Set<Problem> } {
  const objects: { object: MeshObject; problem: Problem }[] = [];
  const placed = new Set<Problem>();
  for (const problem of problems) {
    const ref = problem.object;
    const text = problem.file !== undefined ? texts.get(problem.file) : undefined;
    if (problem.code !== 'invalid-value' || !ref || text === undefined || problem.file === undefined) continue;
    for (const chunk of splitDocuments(text)) {
      let doc: unknown;
      try {
        doc = load(chunk.text);
      } catch {
        continue;
      }
      const base = { file: problem.file, start: chunk.start, end: chunk.start + chunk.text.length, line: chunk.lineOffset + 1 };
      const items = isRecord(doc) && Array.isArray(doc.items) ? doc.items.map((item, i): [unknown, SourceSpan] => [item, { ...base, pathPrefix: ['items', i] }]) : [[doc, { ...base, pathPrefix: [] }] as [unknown, SourceSpan]];
      for (const [item, span] of items) {
        if (!isRecord(item) || item.kind !== ref.kind || field(item, 'metadata', 'name') !== ref.name) continue;
        const namespace = field(item, 'metadata', 'namespace');
        if ((typeof namespace === 'string' ? namespace : 'default') !== ref.namespace) continue;
        const metadata = isRecord(item.metadata) ? item.metadata : {};
        objects.push({ problem, object: {
          kind: ref.kind,
          apiVersion: typeof item.apiVersion === 'string' ? item.apiVersion : '',
          namespace: ref.namespace,
          name: ref.name,
          labels: stringsOf(metadata.labels),
          annotations: stringsOf(metadata.annotations),
          creationTimestamp: '',
          raw: item,
          source: span,
        } });
        placed.add(problem);
      }
    }
  }
  return { objects, placed };
}

function stringsOf(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function problemOf(problem: Problem): ReportProblem {
  return { code: problem.code, message: problem.message, file: problem.file ?? null, line: problem.line ?? null, column: problem.column ?? null };
}

/** Validates a loaded source with `checkers` and places every check. */
export function buildReport(
  source: Pick<LoadedSource, 'snapshot' | 'texts' | 'positions'>,
  checkers: readonly Checker[],
  ignored: ReadonlySet<string> = DEFAULT_IGNORED_CODES,
): ValidationReport {
  const ctx = new CheckContext(new MtlsEngine(source.snapshot));
  const byKind = checkersByKind(checkers);
  const objects: ReportObject[] = [];
  for (const object of ctx.snapshot.objects) {
    const validation = validateObject(object, ctx, byKind, ignored);
    if (validation) objects.push(place(validation, source.positions));
  }
  const rejected = rejectedObjects(source.snapshot.problems, source.texts);
  for (const { object, problem } of rejected.objects) {
    const validation = validateObject(object, ctx, byKind, ignored);
    if (!validation) continue;
    // The object never reaches the engine, whatever its checks say; when no schema check explains why, the
    // loader's reason is the check.
    const reason = { code: 'MSL105', severity: 'error' as const, message: problem.message, path: problem.path ?? [] };
    objects.push({ ...place({ ...validation, checks: validation.checks.length > 0 ? validation.checks : [reason] }, source.positions), valid: false });
  }
  const problems = source.snapshot.problems.filter((p) => !rejected.placed.has(p)).map(problemOf);
  const checks = objects.flatMap((o) => o.checks);
  return {
    objects,
    summary: {
      objects: objects.length,
      invalid: objects.filter((o) => !o.valid).length,
      errors: checks.filter((c) => c.severity === 'error').length,
      warnings: checks.filter((c) => c.severity === 'warning').length,
      unknown: checks.filter((c) => c.severity === 'unknown').length,
      problems,
    },
  };
}

/** The same for YAML held in memory (file name → text), as the API's POST /api/validate receives it. */
export function validateTexts(texts: ReadonlyMap<string, string>, checkers: readonly Checker[]): ValidationReport {
  const objects: MeshObject[] = [];
  const problems: Problem[] = [];
  for (const [file, text] of texts) {
    const parsed = parseText(text, file);
    objects.push(...parsed.objects);
    problems.push(...parsed.problems);
  }
  return buildReport({ snapshot: buildSnapshot(objects, problems), texts, positions: new PositionResolver(texts) }, checkers);
}
