import { hasTargetRefs, isDataplaneAmbient } from './ambient.js';
import type { Checker } from '../checker.js';

// Wasm runs in waypoints in ambient, and waypoints only load plugins attached with targetRefs.
export const wasmPluginNoTargetRefs: Checker = {
  code: 'KIA1116',
  kinds: ['WasmPlugin'],
  severity: 'warning',
  message: 'WasmPlugin in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints',
  invalidates: true,
  check(policy, ctx) {
    if (!policy.apiVersion.startsWith('extensions.istio.io/') || !isDataplaneAmbient(ctx, policy.namespace) || hasTargetRefs(policy)) return [];
    // Kiali reports these on the whole object (empty path).
    return [{ path: [] }];
  },
};
