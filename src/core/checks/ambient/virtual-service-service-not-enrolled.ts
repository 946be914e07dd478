import type { Checker } from '../checker.js';
import { hostOutcome, hostPath, isMeshL7VirtualService } from './ambient.js';

// The destination Service is ambient but not enrolled to use a waypoint, so no proxy applies these routes to it.
export const virtualServiceServiceNotEnrolled: Checker = {
  code: 'KIA1113',
  kinds: ['VirtualService'],
  severity: 'warning',
  message: 'L7 VirtualService targets a service not enrolled to use a waypoint (istio.io/use-waypoint)',
  invalidates: true,
  check(object, ctx) {
    if (!object.apiVersion.startsWith('networking.istio.io/') || !isMeshL7VirtualService(object)) return [];
    return hostOutcome(ctx, object).notEnrolled.map((d) => ({ path: hostPath(object, d.hostIndex) }));
  },
};
