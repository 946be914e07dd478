import { hasSidecar } from '../../model/dataplane.js';
import { POD_WORKLOAD_KINDS } from '../../model/kinds.js';
import { isDataplaneAmbient } from '../ambient/ambient.js';
import type { Checker } from '../checker.js';
import { asWorkload, hasPods } from './workloads.js';

// A sidecar workload in an ambient namespace keeps its sidecar: namespace-level ambient policy and
// waypoints do not apply to it.
export const workloadSidecarInAmbientNamespace: Checker = {
  code: 'KIA1316',
  kinds: POD_WORKLOAD_KINDS,
  severity: 'warning',
  message: 'This workload has a sidecar but is in an Ambient-enabled namespace',
  invalidates: true,
  check(object, ctx) {
    const w = asWorkload(ctx, object);
    if (!w || !hasSidecar(w) || !isDataplaneAmbient(ctx, w.namespace) || !hasPods(ctx, w)) return [];
    return [{ path: ['metadata', 'namespace'] }];
  },
};
