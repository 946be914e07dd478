import { isDataplaneAmbient, policyNeedsWaypoint } from './ambient.js';
import type { Checker } from '../checker.js';

// Wasm runs in waypoints in ambient; traffic that is not enrolled to use one never passes the plugin.
export const wasmPluginNoWaypoint: Checker = {
  code: 'KIA1111',
  kinds: ['WasmPlugin'],
  severity: 'warning',
  message: 'WasmPlugin in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)',
  invalidates: true,
  check(policy, ctx) {
    if (!policy.apiVersion.startsWith('extensions.istio.io/') || !isDataplaneAmbient(ctx, policy.namespace) || !policyNeedsWaypoint(ctx, policy)) return [];
    // Kiali reports these on the whole object (empty path).
    return [{ path: [] }];
  },
};
