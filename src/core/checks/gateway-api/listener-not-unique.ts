import type { Checker, Finding } from '../checker.js';
import { isGatewayApi, listeners } from './gateway-api.js';

// The Gateway API requires listeners of one Gateway to differ in hostname, port or protocol; the
// controller marks the duplicates Conflicted and does not program them.
export const gatewayApiListenerNotUnique: Checker = {
  code: 'KIA1503',
  kinds: ['Gateway'],
  severity: 'error',
  message: 'Each listener must have a unique combination of Hostname, Port, and Protocol',
  invalidates: false,
  check(gateway) {
    if (!isGatewayApi(gateway, 'Gateway')) return [];
    const all = listeners(gateway);
    const findings: Finding[] = [];
    for (const l of all) {
      if (l.hostname === undefined) continue;
      const clash = all.some((o) => o.name !== l.name && o.hostname === l.hostname && o.port === l.port && o.protocol === l.protocol);
      if (clash) findings.push({ path: ['spec', 'listeners', l.index, 'name'] });
    }
    return findings;
  },
};
