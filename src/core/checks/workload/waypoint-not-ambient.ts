import { POD_WORKLOAD_KINDS } from '../../model/kinds.js';
import type { Checker } from '../checker.js';
import { asWorkload, hasPods, podLabelsPath } from './workloads.js';

// Only ztunnel sends traffic through a waypoint; a workload that asks for one without being in ambient
// never uses it.
export const workloadWaypointNotAmbient: Checker = {
  code: 'KIA1312',
  kinds: POD_WORKLOAD_KINDS,
  severity: 'warning',
  message: 'This workload has waypoint labels but is not in Ambient',
  invalidates: true,
  check(object, ctx) {
    const w = asWorkload(ctx, object);
    if (!w || !w.waypoint || w.dataplane === 'ambient' || !hasPods(ctx, w)) return [];
    return [{ path: podLabelsPath(w) }];
  },
};
