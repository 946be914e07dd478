import type { Checker } from '../checker.js';
import { isIstioSidecar, overlappingSidecars } from './sidecars.js';

// A workload picked by two Sidecars gets one of them, and which one is undefined.
export const sidecarSelectorMultiMatch: Checker = {
  code: 'KIA0003',
  kinds: ['Sidecar'],
  severity: 'error',
  message: 'More than one object applied to the same workload',
  invalidates: true,
  check(sidecar, ctx) {
    if (!isIstioSidecar(sidecar)) return [];
    return overlappingSidecars(ctx, sidecar.namespace).sharedWorkload.has(sidecar) ? [{ path: ['spec', 'workloadSelector'] }] : [];
  },
};
