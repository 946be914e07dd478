import type { Checker } from '../checker.js';
import { hostOutcome, hostPath, isMeshL7VirtualService } from './ambient.js';

// HTTP routing for mesh traffic is done by waypoints in ambient; in a namespace not enrolled to use one,
// these routes are never applied.
export const virtualServiceNoWaypoint: Checker = {
  code: 'KIA1109',
  kinds: ['VirtualService'],
  severity: 'warning',
  message: 'L7 VirtualService for mesh traffic in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)',
  invalidates: true,
  check(object, ctx) {
    if (!object.apiVersion.startsWith('networking.istio.io/') || !isMeshL7VirtualService(object)) return [];
    return hostOutcome(ctx, object).namespaceNotEnrolled ? [{ path: hostPath(object, 0) }] : [];
  },
};
