import type { Checker } from '../checker.js';
import { isIstioSidecar, sidecarSelector } from './sidecars.js';

// The mesh-wide default Sidecar is the selector-less one of the root namespace; with a selector it only
// applies to matching workloads of the root namespace itself, not to the mesh.
export const sidecarGlobalSelector: Checker = {
  code: 'KIA1006',
  kinds: ['Sidecar'],
  severity: 'warning',
  message: 'Global default sidecar should not have workloadSelector',
  invalidates: false,
  check(sidecar, ctx) {
    if (!isIstioSidecar(sidecar) || sidecar.namespace !== ctx.rootNamespace || !sidecarSelector(sidecar)) return [];
    return [{ path: ['spec', 'workloadSelector'] }];
  },
};
