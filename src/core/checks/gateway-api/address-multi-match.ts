import type { Checker } from '../checker.js';
import { isGatewayApi } from './gateway-api.js';
import { addressKeys, gatewayApiIndex } from './listener-index.js';

// Two Gateways asking for the same address: only one can get it.
export const gatewayApiAddressMultiMatch: Checker = {
  code: 'KIA1502',
  kinds: ['Gateway'],
  severity: 'warning',
  message: 'More than one K8s Gateway for the same address and type combination',
  invalidates: false,
  check(gateway, ctx) {
    if (!isGatewayApi(gateway, 'Gateway')) return [];
    const index = gatewayApiIndex(ctx).addresses;
    const shared = addressKeys(gateway).some((key) => [...(index.get(key) ?? [])].some((other) => other !== gateway));
    // Kiali's path has no address index; it resolves to the addresses list.
    return shared ? [{ path: ['spec', 'addresses', 'value'] }] : [];
  },
};
