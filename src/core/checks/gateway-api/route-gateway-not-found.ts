import { selectorMatches } from '../../model/labels.js';
import { field, isRecord, list, str, stringMap } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import type { Checker, Finding } from '../checker.js';
import type { CheckContext } from '../context.js';
import { GATEWAY_API_GROUP, gatewayApiGateways, isGatewayApi, listeners, readRef, type Ref } from './gateway-api.js';

/**
 * Whether a Gateway of another namespace accepts routes from `namespace`: a listener (the one named by
 * sectionName, if any) with allowedRoutes.namespaces.from `All`, or `Selector` matching the namespace's
 * labels. The default, `Same`, admits only the Gateway's own namespace.
 */
function admits(ctx: CheckContext, gateway: MeshObject, ref: Ref, namespace: string): boolean {
  const nsLabels = ctx.snapshot.namespaces.get(namespace)?.labels ?? {};
  return listeners(gateway).some((l) => {
    if (ref.sectionName !== undefined && l.name !== ref.sectionName) return false;
    const from = str(field(l.raw, 'allowedRoutes', 'namespaces', 'from'));
    if (from === 'All') return true;
    if (from !== 'Selector') return false;
    const selector = field(l.raw, 'allowedRoutes', 'namespaces', 'selector');
    // matchExpressions are not evaluated here; rather than guess, such a listener counts as admitting.
    if (list(field(selector, 'matchExpressions')).length > 0) return true;
    return isRecord(selector) && selectorMatches(stringMap(selector.matchLabels), nsLabels);
  });
}

// A route attached to a Gateway that does not exist, or that does not accept routes from the route's
// namespace, is never programmed: its traffic falls through to whatever else matches.
export const gatewayApiRouteGatewayNotFound: Checker = {
  code: 'KIA1401',
  kinds: ['HTTPRoute', 'GRPCRoute'],
  severity: 'error',
  message: 'Route is pointing to a non-existent or inaccessible K8s gateway',
  invalidates: true,
  check(route, ctx) {
    if (!isGatewayApi(route)) return [];
    const gateways = gatewayApiGateways(ctx);
    const findings: Finding[] = [];
    list(field(route.raw, 'spec', 'parentRefs')).forEach((raw, i) => {
      const ref = readRef(raw, { group: GATEWAY_API_GROUP, kind: 'Gateway' });
      if (ref.group !== GATEWAY_API_GROUP || ref.kind !== 'Gateway' || ref.name === '') return;
      const namespace = ref.namespace ?? route.namespace;
      const gateway = gateways.get(`${namespace}/${ref.name}`);
      const ok = gateway !== undefined && (namespace === route.namespace || admits(ctx, gateway, ref, route.namespace));
      if (!ok) findings.push({ path: ['spec', 'parentRefs', i, 'name', ref.name] });
    });
    return findings;
  },
};
