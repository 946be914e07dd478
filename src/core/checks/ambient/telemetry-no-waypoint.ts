import { isDataplaneAmbient, isL7Telemetry, policyNeedsWaypoint } from './ambient.js';
import type { Checker } from '../checker.js';

// Tracing, access logs and metric overrides are produced by waypoints in ambient; traffic that is not
// enrolled to use one gets none of them.
export const telemetryNoWaypoint: Checker = {
  code: 'KIA1112',
  kinds: ['Telemetry'],
  severity: 'warning',
  message: 'L7 Telemetry in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)',
  invalidates: true,
  check(policy, ctx) {
    if (!policy.apiVersion.startsWith('telemetry.istio.io/') || !isDataplaneAmbient(ctx, policy.namespace) || !isL7Telemetry(policy) || !policyNeedsWaypoint(ctx, policy)) return [];
    // Kiali reports these on the whole object (empty path).
    return [{ path: [] }];
  },
};
