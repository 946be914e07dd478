import type { Checker, Finding } from '../checker.js';
import { isGatewayApi, listeners } from './gateway-api.js';
import { gatewayApiIndex, listenerKey } from './listener-index.js';

// Two Gateways listening for the same hostname, port and protocol: clients resolving that hostname reach
// only one of them.
export const gatewayApiListenerMultiMatch: Checker = {
  code: 'KIA1501',
  kinds: ['Gateway'],
  severity: 'warning',
  message: 'More than one K8s Gateway for the same host port combination',
  invalidates: false,
  check(gateway, ctx) {
    if (!isGatewayApi(gateway, 'Gateway')) return [];
    const index = gatewayApiIndex(ctx).listeners;
    const findings: Finding[] = [];
    for (const l of listeners(gateway)) {
      if (l.hostname === undefined) continue;
      const sharing = index.get(listenerKey(l.hostname, l.port, l.protocol));
      if (sharing && [...sharing].some((other) => other !== gateway)) findings.push({ path: ['spec', 'listeners', l.index, 'hostname'] });
    }
    return findings;
  },
};
