import type { Checker } from '../checker.js';
import { isIstioSidecar, sidecarSelector } from './sidecars.js';

// A Sidecar's workloadSelector only looks in its own namespace; matching nothing there, it configures nothing.
export const sidecarWorkloadSelectorNotFound: Checker = {
  code: 'KIA0004',
  kinds: ['Sidecar'],
  severity: 'warning',
  message: 'No matching workload found for the selector in this namespace',
  invalidates: false,
  check(sidecar, ctx) {
    const selector = sidecarSelector(sidecar);
    // Files that describe no workloads cannot tell.
    if (!isIstioSidecar(sidecar) || !selector || !ctx.hasWorkloads) return [];
    return ctx.engine.services.selectedWorkloads(sidecar.namespace, selector).length > 0 ? [] : [{ path: ['spec', 'workloadSelector', 'labels'] }];
  },
};
