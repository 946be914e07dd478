import { field, stringMap } from '../../model/read.js';
import type { Checker } from '../checker.js';
import { isIstioGateway } from './istio-gateways.js';
import { anyWorkloadMatches } from './selector-index.js';

// A Gateway applies to the gateway pods its selector picks, in any namespace by default
// (PILOT_SCOPE_GATEWAY_TO_NAMESPACE off); when it picks none, its servers exist nowhere.
export const gatewaySelectorWorkloadNotFound: Checker = {
  code: 'KIA0302',
  kinds: ['Gateway'],
  severity: 'warning',
  message: 'No matching workload found for gateway selector in this namespace',
  invalidates: true,
  check(gateway, ctx) {
    // Files that describe no workloads cannot tell whether the gateway pods exist.
    if (!isIstioGateway(gateway) || !ctx.hasWorkloads) return [];
    return anyWorkloadMatches(ctx, stringMap(field(gateway.raw, 'spec', 'selector'))) ? [] : [{ path: ['spec', 'selector'] }];
  },
};
