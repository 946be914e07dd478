import { field, isRecord } from '../../model/read.js';
import type { Checker } from '../checker.js';
import { isIstioSidecar } from './sidecars.js';

// Kiali reads the parsed enum and cannot tell an explicit REGISTRY_ONLY from a missing mode; meshlock reads
// the YAML. A missing mode is REGISTRY_ONLY (the enum's zero value), not the mesh default, which is rarely
// what was meant; an explicit mode is unambiguous.
export const sidecarOutboundTrafficPolicyMode: Checker = {
  code: 'KIA1007',
  kinds: ['Sidecar'],
  severity: 'info',
  message:
    'OutboundTrafficPolicy with empty mode value is ambiguous due to an Istio limitation. This may indicate ALLOW_ANY or REGISTRY_ONLY. Inspect the value using other means.',
  invalidates: false,
  check(sidecar) {
    const policy = field(sidecar.raw, 'spec', 'outboundTrafficPolicy');
    if (!isIstioSidecar(sidecar) || !isRecord(policy) || policy.mode !== undefined) return [];
    return [
      {
        path: ['spec', 'outboundTrafficPolicy'],
        message: 'OutboundTrafficPolicy without mode means REGISTRY_ONLY (the default of the field), not the mesh-wide mode',
      },
    ];
  },
};
