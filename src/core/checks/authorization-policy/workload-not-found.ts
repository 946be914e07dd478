import type { Checker } from '../checker.js';
import { matchLabelsOf, selectsNoWorkload } from '../selectors.js';

// A policy whose selector matches nothing protects nothing; often a typo in a label.
export const authorizationPolicyWorkloadNotFound: Checker = {
  code: 'KIA0004',
  kinds: ['AuthorizationPolicy'],
  severity: 'warning',
  message: 'No matching workload found for the selector in this namespace',
  invalidates: false,
  check(ap, ctx) {
    return selectsNoWorkload(ap.namespace, matchLabelsOf(ap), ctx) ? [{ path: ['spec', 'selector', 'matchLabels'] }] : [];
  },
};
