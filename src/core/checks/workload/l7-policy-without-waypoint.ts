import { POD_WORKLOAD_KINDS } from '../../model/kinds.js';
import { isL7AuthorizationPolicy, isWaypointOrGateway } from '../ambient/ambient.js';
import type { Checker } from '../checker.js';
import { authorizationPoliciesIn, policyApplies } from './authorization-policies.js';
import { asWorkload, waypointExists } from './workloads.js';

// ztunnel enforces only the L4 part of an AuthorizationPolicy; an L7 policy for an ambient workload
// needs a waypoint in front of it, or its HTTP rules are never checked.
export const workloadL7PolicyWithoutWaypoint: Checker = {
  code: 'KIA1317',
  kinds: POD_WORKLOAD_KINDS,
  severity: 'warning',
  message: 'This workload has L7 Authorization Policies but no Waypoint',
  invalidates: true,
  check(object, ctx) {
    const w = asWorkload(ctx, object);
    if (!w || w.dataplane !== 'ambient' || isWaypointOrGateway(w.podLabels)) return [];
    const waypoint = w.waypoint;
    if (waypoint && waypointExists(ctx, waypoint)) return [];
    const l7 = authorizationPoliciesIn(ctx, w.namespace).some((policy) => isL7AuthorizationPolicy(policy) && policyApplies(ctx, policy, w));
    return l7 ? [{ path: ['metadata', 'name'] }] : [];
  },
};
