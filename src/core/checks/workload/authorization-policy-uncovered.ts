import { POD_WORKLOAD_KINDS } from '../../model/kinds.js';
import { selectorMatches } from '../../model/labels.js';
import type { Checker } from '../checker.js';
import { authorizationPoliciesIn, policySelector } from './authorization-policies.js';
import { asWorkload } from './workloads.js';

// With no AuthorizationPolicy applying to it, a workload accepts any caller that reaches it. Kiali
// ignores this code by default; the runner's ignore list decides.
export const workloadAuthorizationPolicyUncovered: Checker = {
  code: 'KIA1301',
  kinds: POD_WORKLOAD_KINDS,
  severity: 'warning',
  message: 'This workload is not covered by any authorization policy',
  invalidates: false,
  check(object, ctx) {
    const w = asWorkload(ctx, object);
    if (!w) return [];
    const covered = [w.namespace, ctx.rootNamespace].some((ns) =>
      authorizationPoliciesIn(ctx, ns).some((policy) => {
        const selector = policySelector(policy);
        return selector === undefined || selectorMatches(selector, w.podLabels);
      }),
    );
    return covered ? [] : [{ path: ['metadata', 'name'] }];
  },
};
