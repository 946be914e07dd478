import { POD_WORKLOAD_KINDS } from '../../model/kinds.js';
import type { Checker } from '../checker.js';
import { asWorkload, hasPods, podLabelsPath, waypointExists } from './workloads.js';

// The waypoint named by istio.io/use-waypoint does not exist, so the L7 policy meant to run there runs nowhere.
export const workloadWaypointNotFound: Checker = {
  code: 'KIA1313',
  kinds: POD_WORKLOAD_KINDS,
  severity: 'error',
  message: 'This workload has annotated waypoint but it does not exist or is misconfigured',
  invalidates: true,
  check(object, ctx) {
    const w = asWorkload(ctx, object);
    const waypoint = w?.waypoint;
    if (!w || !waypoint || waypointExists(ctx, waypoint) || !hasPods(ctx, w)) return [];
    return [{ path: podLabelsPath(w) }];
  },
};
