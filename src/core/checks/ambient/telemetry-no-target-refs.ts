import { hasTargetRefs, isDataplaneAmbient, isL7Telemetry } from './ambient.js';
import type { Checker } from '../checker.js';

// Tracing, access logs and metric overrides are produced by waypoints in ambient, which only take
// Telemetry attached with targetRefs.
export const telemetryNoTargetRefs: Checker = {
  code: 'KIA1117',
  kinds: ['Telemetry'],
  severity: 'warning',
  message: 'L7 Telemetry in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints',
  invalidates: true,
  check(policy, ctx) {
    if (!policy.apiVersion.startsWith('telemetry.istio.io/') || !isDataplaneAmbient(ctx, policy.namespace) || !isL7Telemetry(policy) || hasTargetRefs(policy)) return [];
    // Kiali reports these on the whole object (empty path).
    return [{ path: [] }];
  },
};
