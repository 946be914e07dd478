import type { Checker } from '../checker.js';
import { isDestinationRule } from '../policy-modes.js';
import { hostFound } from './host-registry.js';

// A rule for a host nobody can call does nothing; usually a typo or a namespace mix-up. With
// outboundTrafficPolicy ALLOW_ANY (Istio's default) the host may still be reached as an external name,
// so it is only a warning then.
export const hostNotFound: Checker = {
  code: 'KIA0202',
  kinds: ['DestinationRule'],
  severity: 'error',
  message: 'This host has no matching entry in the service registry (service, workload or service entries)',
  invalidates: true,
  check(dr, ctx) {
    if (!isDestinationRule(dr) || !ctx.hasRegistry || hostFound(dr, ctx)) return [];
    return [{ path: ['spec', 'host'], severity: ctx.outboundAllowAny ? 'warning' : 'error' }];
  },
};
