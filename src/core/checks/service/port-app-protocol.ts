import type { Checker } from '../checker.js';
import { appProtocolKnown, meshPorts } from './services.js';

// An appProtocol Istio does not recognise is ignored: the protocol then comes from the port name, which
// is rarely what the author of the appProtocol meant.
export const servicePortAppProtocol: Checker = {
  code: 'KIA0602',
  kinds: ['Service'],
  severity: 'error',
  message: 'Port appProtocol must follow <protocol> form',
  invalidates: true,
  check(object, ctx) {
    return meshPorts(ctx, object)
      .filter((p) => p.appProtocol !== undefined && !appProtocolKnown(p.appProtocol))
      .map((p) => ({ path: ['spec', 'ports', p.index] }));
  },
};
