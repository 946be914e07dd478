import type { Checker } from '../checker.js';
import { isIstioGateway } from './istio-gateways.js';
import { conflictingServerHosts } from './server-host-conflicts.js';

// Two Gateways serving the same host on the same port of the same gateway pods: Istio merges their servers
// and which one answers (and with which certificate) depends on the order it happens to read them in.
export const gatewayHostMultiMatch: Checker = {
  code: 'KIA0301',
  kinds: ['Gateway'],
  severity: 'warning',
  message: 'More than one Gateway for the same host port combination',
  invalidates: false,
  check(gateway, ctx) {
    return isIstioGateway(gateway) ? conflictingServerHosts(ctx, gateway).map((path) => ({ path })) : [];
  },
};
