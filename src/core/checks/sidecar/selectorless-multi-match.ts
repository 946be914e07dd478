import type { Checker } from '../checker.js';
import { isIstioSidecar, overlappingSidecars } from './sidecars.js';

// Istio applies one namespace-wide Sidecar per namespace; with several, which one wins is undefined.
export const sidecarSelectorlessMultiMatch: Checker = {
  code: 'KIA0002',
  kinds: ['Sidecar'],
  severity: 'error',
  message: 'More than one selector-less object in the same namespace',
  invalidates: true,
  check(sidecar, ctx) {
    if (!isIstioSidecar(sidecar)) return [];
    return overlappingSidecars(ctx, sidecar.namespace).selectorless.has(sidecar) ? [{ path: ['spec', 'workloadSelector'] }] : [];
  },
};
