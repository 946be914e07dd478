import { hasTargetRefs, isDataplaneAmbient } from './ambient.js';
import type { Checker } from '../checker.js';

// JWT validation happens in waypoints, which only take RequestAuthentications attached with targetRefs.
export const requestAuthenticationNoTargetRefs: Checker = {
  code: 'KIA1115',
  kinds: ['RequestAuthentication'],
  severity: 'warning',
  message: 'RequestAuthentication in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints',
  invalidates: true,
  check(policy, ctx) {
    if (!policy.apiVersion.startsWith('security.istio.io/') || !isDataplaneAmbient(ctx, policy.namespace) || hasTargetRefs(policy)) return [];
    // Kiali reports these on the whole object (empty path).
    return [{ path: [] }];
  },
};
