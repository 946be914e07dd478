import type { Checker } from '../checker.js';
import { istioGatewayExists } from '../gateway/istio-gateways.js';
import { gatewayRefs, resolveGatewayName } from './gateway-refs.js';

// A VirtualService bound to a Gateway that does not exist configures nothing for that gateway: its
// routes silently never apply. `mesh` is the reserved name for the sidecars.
export const virtualServiceGatewayNotFound: Checker = {
  code: 'KIA1102',
  kinds: ['VirtualService'],
  severity: 'error',
  message: 'VirtualService is pointing to a non-existent gateway',
  invalidates: true,
  check(vs, ctx) {
    if (!vs.apiVersion.startsWith('networking.istio.io/')) return [];
    return gatewayRefs(vs)
      .filter((ref) => ref.name !== 'mesh' && !istioGatewayExists(ctx, resolveGatewayName(ref.name, vs.namespace)))
      .map((ref) => ({ path: ref.path }));
  },
};
