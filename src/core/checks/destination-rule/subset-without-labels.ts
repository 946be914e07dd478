import { field, list } from '../../model/read.js';
import type { Checker, Finding } from '../checker.js';
import { isDestinationRule } from '../policy-modes.js';
import { subsetLabelsFound } from './subset-labels-not-found.js';

// A subset without labels selects every endpoint of the host, which is rarely what a subset is for.
// When another subset of the rule does select real endpoints, this one is likely deliberate: info only.
export const subsetWithoutLabels: Checker = {
  code: 'KIA0209',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: 'This subset has not labels',
  invalidates: false,
  check(dr, ctx) {
    if (!isDestinationRule(dr)) return [];
    const otherMatched = ctx.hasWorkloads && dr.subsets.some((s) => Object.keys(s.labels).length > 0 && subsetLabelsFound(dr, s.labels, ctx));
    const findings: Finding[] = [];
    list(field(dr.raw, 'spec', 'subsets')).forEach((_raw, i) => {
      const subset = dr.subsets[i];
      if (subset && Object.keys(subset.labels).length === 0) findings.push({ path: ['spec', 'subsets', i], ...(otherMatched ? { severity: 'info' as const } : {}) });
    });
    return findings;
  },
};
