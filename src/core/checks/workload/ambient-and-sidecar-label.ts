import { POD_WORKLOAD_KINDS } from '../../model/kinds.js';
import type { Checker } from '../checker.js';
import { asWorkload, hasAmbientLabel, hasSidecarLabel, podLabelsPath } from './workloads.js';

// Labelled for both data planes: the injector adds a sidecar and ztunnel then leaves the pod alone, so the
// ambient label is a lie.
export const workloadAmbientAndSidecarLabel: Checker = {
  code: 'KIA1311',
  kinds: POD_WORKLOAD_KINDS,
  severity: 'error',
  message: 'This workload has both sidecar and Ambient label',
  invalidates: true,
  check(object, ctx) {
    const w = asWorkload(ctx, object);
    return w && hasAmbientLabel(ctx, w) && hasSidecarLabel(ctx, w) ? [{ path: podLabelsPath(w) }] : [];
  },
};
