import { POD_WORKLOAD_KINDS } from '../../model/kinds.js';
import type { Checker } from '../checker.js';
import { asWorkload, hasAmbientLabel, podLabelsPath, runsSidecarContainer } from './workloads.js';

// The pod runs a sidecar although it is labelled for ambient: ztunnel skips it, the sidecar does the work.
export const workloadPodSidecarAndAmbientLabel: Checker = {
  code: 'KIA1315',
  kinds: POD_WORKLOAD_KINDS,
  severity: 'error',
  message: 'This workload has a pod with both a sidecar container and ambient labels',
  invalidates: true,
  check(object, ctx) {
    const w = asWorkload(ctx, object);
    return w && hasAmbientLabel(ctx, w) && runsSidecarContainer(ctx, w) ? [{ path: podLabelsPath(w) }] : [];
  },
};
