import type { Checker } from '../checker.js';
import { hostOutcome, hostPath, isL7DestinationRule } from './ambient.js';

// A waypoint only applies traffic policy that lives in the namespace of the Service it serves.
export const destinationRuleNotInServiceNamespace: Checker = {
  code: 'KIA0212',
  kinds: ['DestinationRule'],
  severity: 'warning',
  message: 'L7 DestinationRule should be in the same namespace as the Ambient destination service to take effect',
  invalidates: true,
  check(object, ctx) {
    if (!object.apiVersion.startsWith('networking.istio.io/') || !isL7DestinationRule(object)) return [];
    return hostOutcome(ctx, object).otherNamespace.map((d) => ({ path: hostPath(object, d.hostIndex) }));
  },
};
