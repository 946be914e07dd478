import type { Checker } from '../checker.js';
import { hostOutcome, hostPath, isMeshL7VirtualService } from './ambient.js';

// A waypoint only applies routing config that lives in the namespace of the Service it serves.
export const virtualServiceNotInServiceNamespace: Checker = {
  code: 'KIA1114',
  kinds: ['VirtualService'],
  severity: 'warning',
  message: 'L7 VirtualService should be in the same namespace as the Ambient destination service to take effect',
  invalidates: true,
  check(object, ctx) {
    if (!object.apiVersion.startsWith('networking.istio.io/') || !isMeshL7VirtualService(object)) return [];
    return hostOutcome(ctx, object).otherNamespace.map((d) => ({ path: hostPath(object, d.hostIndex) }));
  },
};
