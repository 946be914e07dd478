import type { Checker } from '../checker.js';
import { clashingPorts } from './host-port-index.js';

// Same host and port declared with different protocols: which listener Istio builds (HTTP or TCP) depends
// on which ServiceEntry wins, and with it whether HTTP routing and policies apply.
export const serviceEntryHostPortProtocolConflict: Checker = {
  code: 'KIA1212',
  kinds: ['ServiceEntry'],
  severity: 'warning',
  message: 'ServiceEntries have conflicting protocols for the same host and port',
  invalidates: false,
  check(object, ctx) {
    return clashingPorts(ctx, object, true);
  },
};
