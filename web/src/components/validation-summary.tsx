// One icon for an object's (or a namespace's) validation state, with Kiali's wording in its tooltip.
import { Tooltip } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationCircleIcon, ExclamationTriangleIcon, InfoCircleIcon } from '@patternfly/react-icons';
import type { Severity } from '../../../src/api/schemas.js';

export interface Counts {
  readonly objects: number;
  readonly errors: number;
  readonly warnings: number;
  readonly unknown: number;
}

const SEVERITY_WORDS: Record<Severity | 'valid', string> = { error: 'Error', warning: 'Warning', unknown: 'Info', valid: 'Valid' };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'} found`;

export function SeverityIcon({ severity, label }: { severity: Severity | 'valid'; label?: string }) {
  // PatternFly hides icons from assistive technology unless they carry a title.
  const props = { title: label ?? SEVERITY_WORDS[severity] };
  if (severity === 'error') return <ExclamationCircleIcon className="ml-sev ml-sev--error" {...props} />;
  if (severity === 'warning') return <ExclamationTriangleIcon className="ml-sev ml-sev--warning" {...props} />;
  if (severity === 'unknown') return <InfoCircleIcon className="ml-sev ml-sev--info" {...props} />;
  return <CheckCircleIcon className="ml-sev ml-sev--valid" {...props} />;
}

/** "n/a" when nothing was validated, as Kiali shows it. */
export function ValidationSummary({ counts }: { counts: Counts }) {
  if (counts.objects === 0) return <span className="ml-subtle">n/a</span>;
  const severity: Severity | 'valid' = counts.errors > 0 ? 'error' : counts.warnings > 0 ? 'warning' : counts.unknown > 0 ? 'unknown' : 'valid';
  const lines = [`Istio config objects analyzed: ${counts.objects}`];
  if (severity === 'valid') lines.push('No issues found');
  if (counts.errors > 0) lines.push(plural(counts.errors, 'error'));
  if (counts.warnings > 0) lines.push(plural(counts.warnings, 'warning'));
  return (
    <Tooltip content={lines.map((l, i) => <div key={i}>{l}</div>)}>
      <span className="ml-validation" tabIndex={0} aria-label={lines.join('. ')}>
        <SeverityIcon severity={severity} label={lines.join('. ')} />
        {counts.errors + counts.warnings > 0 ? <span className="ml-validation__count">{counts.errors + counts.warnings}</span> : null}
      </span>
    </Tooltip>
  );
}
