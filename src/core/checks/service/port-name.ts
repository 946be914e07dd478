import type { Checker } from '../checker.js';
import { meshPorts, namedProtocolKnown } from './services.js';

// Istio picks a port's protocol from its name when there is no appProtocol. A name it does not recognise
// leaves the protocol to sniffing, and with it whether HTTP routing, policies and telemetry apply.
export const servicePortName: Checker = {
  code: 'KIA0601',
  kinds: ['Service'],
  severity: 'error',
  message: 'Port name must follow <protocol>[-suffix] form',
  invalidates: true,
  check(object, ctx) {
    return meshPorts(ctx, object)
      .filter((p) => p.appProtocol === undefined && !namedProtocolKnown(p.name))
      .map((p) => ({ path: ['spec', 'ports', p.index] }));
  },
};
