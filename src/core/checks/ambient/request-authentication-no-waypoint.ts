import { isDataplaneAmbient, policyNeedsWaypoint } from './ambient.js';
import type { Checker } from '../checker.js';

// JWT validation happens in waypoints; traffic that is not enrolled to use one is never checked.
export const requestAuthenticationNoWaypoint: Checker = {
  code: 'KIA1110',
  kinds: ['RequestAuthentication'],
  severity: 'warning',
  message: 'RequestAuthentication in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)',
  invalidates: true,
  check(policy, ctx) {
    if (!policy.apiVersion.startsWith('security.istio.io/') || !isDataplaneAmbient(ctx, policy.namespace) || !policyNeedsWaypoint(ctx, policy)) return [];
    // Kiali reports these on the whole object (empty path).
    return [{ path: [] }];
  },
};
