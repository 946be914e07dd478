import { isDataplaneAmbient, isL7AuthorizationPolicy, policyNeedsWaypoint } from './ambient.js';
import type { Checker } from '../checker.js';

// HTTP rules of an AuthorizationPolicy are only evaluated by a waypoint; traffic of workloads or Services
// not enrolled to use one never meets them.
export const authorizationPolicyNoWaypoint: Checker = {
  code: 'KIA0109',
  kinds: ['AuthorizationPolicy'],
  severity: 'warning',
  message: 'L7 AuthorizationPolicy in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)',
  invalidates: true,
  check(policy, ctx) {
    if (!policy.apiVersion.startsWith('security.istio.io/') || !isDataplaneAmbient(ctx, policy.namespace) || !isL7AuthorizationPolicy(policy) || !policyNeedsWaypoint(ctx, policy)) return [];
    // Kiali reports these on the whole object (empty path).
    return [{ path: [] }];
  },
};
