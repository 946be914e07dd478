import { hasTargetRefs, isDataplaneAmbient, isL7AuthorizationPolicy } from './ambient.js';
import type { Checker } from '../checker.js';

// Waypoints only enforce policies attached with targetRefs; a selector policy with HTTP rules lands on
// ztunnel, which cannot evaluate them and denies instead (ALLOW) or ignores them.
export const authorizationPolicyNoTargetRefs: Checker = {
  code: 'KIA0110',
  kinds: ['AuthorizationPolicy'],
  severity: 'warning',
  message: 'L7 AuthorizationPolicy in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints',
  invalidates: true,
  check(policy, ctx) {
    if (!policy.apiVersion.startsWith('security.istio.io/') || !isDataplaneAmbient(ctx, policy.namespace) || !isL7AuthorizationPolicy(policy) || hasTargetRefs(policy)) return [];
    // Kiali reports these on the whole object (empty path).
    return [{ path: [] }];
  },
};
