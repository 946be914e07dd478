// Test builder for checker tests: YAML text in, findings with Kiali's path string and 1-based line/column
// out. It reads YAML with the parser the CLI uses, so positions come from the same place.
import { buildSnapshot, CheckContext, formatPath, formatRef, MtlsEngine, type Checker, type Severity } from '../core/index.js';
import { parseText } from '../documents/parse.js';
import { PositionResolver } from '../documents/positions.js';

export interface PlacedFinding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly invalidates: boolean;
  /** Kiali's form, e.g. `spec/http[0]/route[0]/destination/host`. */
  readonly path: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

const FILE = 'test.yaml';

/**
 * Runs one checker on the object `target` (`Kind/namespace/name`, as formatRef prints it) of the YAML.
 * Objects of the same kind and name from two API groups (Istio and Gateway API `Gateway`) are told apart
 * by `apiGroup`.
 */
export function runChecker(checker: Checker, yaml: string, target: string, apiGroup?: string): PlacedFinding[] {
  const { objects, problems } = parseText(yaml, FILE);
  if (problems.length > 0) throw new Error(`test YAML does not load: ${problems.map((p) => `${p.line}: ${p.message}`).join('; ')}`);
  const ctx = new CheckContext(new MtlsEngine(buildSnapshot(objects, problems)));
  const object = ctx.snapshot.objects.find(
    (o) => formatRef(o) === target && (apiGroup === undefined || o.apiVersion.split('/')[0] === apiGroup),
  );
  if (!object) throw new Error(`no object ${target} in the test YAML`);
  const positions = new PositionResolver(new Map([[FILE, yaml]]));
  return checker.check(object, ctx).map((finding) => {
    const at = object.source ? positions.locate(object.source, finding.path) : undefined;
    return {
      code: checker.code,
      severity: finding.severity ?? checker.severity,
      message: finding.message ?? checker.message,
      invalidates: finding.invalidates ?? checker.invalidates,
      path: formatPath(finding.path),
      line: at?.line,
      column: at?.column,
    };
  });
}

/** The same, reduced to what most tests assert. */
export function placed(checker: Checker, yaml: string, target: string, apiGroup?: string): { path: string; line: number | undefined; column: number | undefined }[] {
  return runChecker(checker, yaml, target, apiGroup).map(({ path, line, column }) => ({ path, line, column }));
}
