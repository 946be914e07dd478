// `-o sarif`: SARIF 2.1.0 for code scanning. One rule per check code (with help and a link to its section
// of docs/validations.md), one result per check or load problem, with a region and a stable fingerprint.
import { createHash } from 'node:crypto';
import type { Checker } from '../../core/index.js';
import type { ValidationReport } from '../../api/schemas.js';
import type { ReportSeverity } from '../../reports/validation.js';

const LEVELS: Record<ReportSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', unknown: 'note' };
const LOAD_PROBLEM = 'load-problem';

export interface SarifOptions {
  readonly version: string;
  /** The docs page every rule links to (an absolute URI); the code's anchor is appended. */
  readonly docsUri: string;
  /** file: URI of the directory file paths are relative to. */
  readonly rootUri: string;
}

/** URIs in SARIF use forward slashes and percent-encoding. */
function artifactUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

export function formatSarif(report: ValidationReport, checkers: readonly Checker[], options: SarifOptions): string {
  const byCode = new Map<string, Checker>();
  for (const checker of checkers) if (!byCode.has(checker.code)) byCode.set(checker.code, checker);
  const rule = (id: string, text: string, level: ReportSeverity) => ({
    id,
    shortDescription: { text },
    fullDescription: { text },
    help: { text: `${text}. Details, examples and differences from Kiali: ${options.docsUri}#${id.toLowerCase()}`, markdown: `${text}. [Details](${options.docsUri}#${id.toLowerCase()})` },
    helpUri: `${options.docsUri}#${id.toLowerCase()}`,
    defaultConfiguration: { level: LEVELS[level] },
  });
  const rules = [...byCode.values()].map((c) => rule(c.code, c.message, c.severity === 'info' ? 'unknown' : c.severity));
  rules.push(rule(LOAD_PROBLEM, 'The file could not be read as Kubernetes objects', 'error'));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const location = (file: string | null, line: number | null, column: number | null, logical?: string) => ({
    ...(file
      ? {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(file), uriBaseId: 'SRCROOT' },
            ...(line ? { region: { startLine: line, startColumn: column ?? 1 } } : {}),
          },
        }
      : {}),
    ...(logical ? { logicalLocations: [{ fullyQualifiedName: logical, kind: 'object' }] } : {}),
  });
  const results = report.objects.flatMap((object) =>
    object.checks.map((check) => {
      const ref = `${object.kind}/${object.namespace}/${object.name}`;
      return {
        ruleId: check.code,
        ...(index.has(check.code) ? { ruleIndex: index.get(check.code) } : {}),
        level: LEVELS[check.severity],
        message: { text: `${check.message} (${ref}${check.path ? ` at ${check.path}` : ''})` },
        locations: [location(object.file, check.line, check.column, `${ref}/${check.path}`)],
        partialFingerprints: { 'meshlockCheck/v1': fingerprint(check.code, ref, check.path, check.message) },
      };
    }),
  );
  for (const problem of report.summary.problems) {
    results.push({
      ruleId: LOAD_PROBLEM,
      ruleIndex: index.get(LOAD_PROBLEM),
      level: 'error',
      message: { text: `${problem.code}: ${problem.message}` },
      locations: [location(problem.file, problem.line, problem.column)],
      partialFingerprints: { 'meshlockCheck/v1': fingerprint(LOAD_PROBLEM, problem.file ?? '', problem.code, problem.message) },
    });
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'meshlock', version: options.version, informationUri: options.docsUri, rules } },
        originalUriBaseIds: { SRCROOT: { uri: options.rootUri.endsWith('/') ? options.rootUri : `${options.rootUri}/` } },
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
