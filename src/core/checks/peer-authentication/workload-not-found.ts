import type { Checker } from '../checker.js';
import { matchLabelsOf, selectsNoWorkload } from '../selectors.js';

// A PeerAuthentication whose selector matches nothing protects nothing; often a typo in a label.
export const peerAuthenticationWorkloadNotFound: Checker = {
  code: 'KIA0004',
  kinds: ['PeerAuthentication'],
  severity: 'warning',
  message: 'No matching workload found for the selector in this namespace',
  invalidates: false,
  check(pa, ctx) {
    return selectsNoWorkload(pa.namespace, matchLabelsOf(pa), ctx) ? [{ path: ['spec', 'selector', 'matchLabels'] }] : [];
  },
};
