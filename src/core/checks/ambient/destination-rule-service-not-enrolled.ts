import type { Checker } from '../checker.js';
import { hostOutcome, hostPath, isL7DestinationRule } from './ambient.js';

// The destination Service is ambient but not enrolled to use a waypoint, so its L7 traffic policy is not applied.
export const destinationRuleServiceNotEnrolled: Checker = {
  code: 'KIA0211',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: 'L7 DestinationRule targets a service not enrolled to use a waypoint (istio.io/use-waypoint)',
  invalidates: true,
  check(object, ctx) {
    if (!object.apiVersion.startsWith('networking.istio.io/') || !isL7DestinationRule(object)) return [];
    return hostOutcome(ctx, object).notEnrolled.map((d) => ({ path: hostPath(object, d.hostIndex) }));
  },
};
