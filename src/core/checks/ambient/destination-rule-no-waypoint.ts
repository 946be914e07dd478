import type { Checker } from '../checker.js';
import { hostOutcome, hostPath, isL7DestinationRule } from './ambient.js';

// HTTP pools, HTTP load balancing and outlier detection are applied by waypoints in ambient; in a namespace
// not enrolled to use one, they are not applied.
export const destinationRuleNoWaypoint: Checker = {
  code: 'KIA0210',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: 'L7 DestinationRule features in Ambient namespace require waypoint enrollment (istio.io/use-waypoint)',
  invalidates: true,
  check(object, ctx) {
    if (!object.apiVersion.startsWith('networking.istio.io/') || !isL7DestinationRule(object)) return [];
    return hostOutcome(ctx, object).namespaceNotEnrolled ? [{ path: hostPath(object, 0) }] : [];
  },
};
