import { POD_WORKLOAD_KINDS } from '../../model/kinds.js';
import { field } from '../../model/read.js';
import type { Checker } from '../checker.js';
import { asWorkload, hasSidecarLabel, podLabelsPath, podsOf } from './workloads.js';

/** Set by the Istio CNI on pods whose traffic it redirects to ztunnel. */
const REDIRECTION = 'ambient.istio.io/redirection';

// A pod meant to get a sidecar is nevertheless redirected to ztunnel: both data planes handle its traffic.
export const workloadPodSidecarLabelAndAmbientRedirection: Checker = {
  code: 'KIA1314',
  kinds: POD_WORKLOAD_KINDS,
  severity: 'error',
  message: 'This workload has a sidecar label and ambient redirection',
  invalidates: true,
  check(object, ctx) {
    const w = asWorkload(ctx, object);
    if (!w || !hasSidecarLabel(ctx, w)) return [];
    const redirected = podsOf(ctx, w).some((pod) => field(pod.raw, 'metadata', 'annotations', REDIRECTION) === 'enabled');
    return redirected ? [{ path: podLabelsPath(w) }] : [];
  },
};
