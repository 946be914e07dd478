// `-o text`: `file:line:column: severity CODE message (Kind namespace/name)`, grouped by file.
import type { ValidationReport } from '../../api/schemas.js';
import type { ReportSeverity } from '../../reports/validation.js';

const COLOURS: Record<ReportSeverity, string> = { error: '\x1b[31m', warning: '\x1b[33m', unknown: '\x1b[36m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

interface Line {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: ReportSeverity;
  readonly code: string;
  readonly text: string;
}

export function formatText(report: ValidationReport, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);
  const lines: Line[] = [];
  for (const object of report.objects) {
    for (const check of object.checks) {
      lines.push({
        file: object.file ?? '(no file)',
        line: check.line ?? 0,
        column: check.column ?? 0,
        severity: check.severity,
        code: check.code,
        text: `${check.message} (${object.kind} ${object.namespace}/${object.name})`,
      });
    }
  }
  for (const problem of report.summary.problems) {
    lines.push({ file: problem.file ?? '(no file)', line: problem.line ?? 0, column: problem.column ?? 0, severity: 'error', code: problem.code, text: problem.message });
  }
  const files = [...new Set(lines.map((l) => l.file))].sort();
  const out: string[] = [];
  for (const file of files) {
    out.push(paint('\x1b[1m', file));
    const inFile = lines.filter((l) => l.file === file).sort((a, b) => a.line - b.line || a.column - b.column);
    for (const l of inFile) {
      const where = l.line > 0 ? `${file}:${l.line}:${l.column}:` : `${file}:`;
      const severity = l.severity === 'unknown' ? 'info' : l.severity;
      out.push(`  ${paint(DIM, where)} ${paint(COLOURS[l.severity], severity)} ${l.code} ${l.text}`);
    }
    out.push('');
  }
  const s = report.summary;
  out.push(
    `${s.objects} objects, ${s.invalid} invalid: ${s.errors} errors, ${s.warnings} warnings, ${s.unknown} info` +
      (s.problems.length > 0 ? `; ${s.problems.length} load problems` : ''),
  );
  return out.join('\n') + '\n';
}
