import { field, list } from '../../model/read.js';
import type { Checker, Finding } from '../checker.js';
import { isDestinationRule } from '../policy-modes.js';

// An exportTo entry naming a namespace that does not exist exports to nobody; usually a typo.
export const exportToNamespaceNotFound: Checker = {
  code: 'KIA0005',
  kinds: ['DestinationRule'],
  severity: 'error',
  message: 'No matching namespace found or namespace is not accessible',
  invalidates: true,
  check(dr, ctx) {
    if (!isDestinationRule(dr) || !ctx.declaresNamespaces) return [];
    // Ambient namespaces keep their rules to themselves, so Kiali does not check their exportTo.
    if (ctx.snapshot.namespaces.get(dr.namespace)?.labels['istio.io/dataplane-mode'] === 'ambient') return [];
    const findings: Finding[] = [];
    list(field(dr.raw, 'spec', 'exportTo')).forEach((entry, i) => {
      if (typeof entry === 'string' && entry !== '.' && entry !== '*' && !ctx.namespaceExists(entry)) findings.push({ path: ['spec', 'exportTo', i] });
    });
    return findings;
  },
};
