import { field, list, str } from '../../model/read.js';
import type { MeshObject } from '../../model/types.js';
import type { Checker, Finding, ObjectPath } from '../checker.js';
import type { CheckContext } from '../context.js';
import { GATEWAY_API_GROUP, isGatewayApi, readRef, type Ref } from './gateway-api.js';

function isCoreService(ref: Ref): boolean {
  return ref.kind === 'Service' && (ref.group === '' || ref.group === 'core');
}

/** A ReferenceGrant in `to` that lets routes of this kind in `from` use the Service `name`. */
function granted(ctx: CheckContext, route: MeshObject, to: string, name: string): boolean {
  return ctx.objectsOfKind('ReferenceGrant').some(
    (grant) =>
      isGatewayApi(grant) &&
      grant.namespace === to &&
      list(field(grant.raw, 'spec', 'from')).some(
        (f) => field(f, 'group') === GATEWAY_API_GROUP && field(f, 'kind') === route.kind && field(f, 'namespace') === route.namespace,
      ) &&
      list(field(grant.raw, 'spec', 'to')).some((t) => {
        const group = str(field(t, 'group')) ?? '';
        const toName = str(field(t, 'name'));
        return (group === '' || group === 'core') && field(t, 'kind') === 'Service' && (toName === undefined || toName === name);
      }),
  );
}

// A reference to a Service that does not exist (or is written as a DNS name, which the Gateway API does
// not accept) has no endpoints: the route answers 500 for its share of the traffic.
export const gatewayApiRouteBackendNotFound: Checker = {
  code: 'KIA1402',
  kinds: ['HTTPRoute', 'GRPCRoute'],
  severity: 'error',
  message: "Reference doesn't have a valid service (Service name not found)",
  invalidates: true,
  check(route, ctx) {
    if (!isGatewayApi(route)) return [];
    const findings: Finding[] = [];
    const checkRef = (ref: Ref, path: ObjectPath, needsGrant: boolean) => {
      const namespace = ref.namespace ?? route.namespace;
      const bad =
        ref.name.includes('.') ||
        (ctx.hasRegistry && !ctx.engine.services.servicesIn(namespace).some((s) => s.name === ref.name)) ||
        (needsGrant && namespace !== route.namespace && !granted(ctx, route, namespace, ref.name));
      if (bad) findings.push({ path });
    };
    list(field(route.raw, 'spec', 'parentRefs')).forEach((raw, i) => {
      const ref = readRef(raw, { group: GATEWAY_API_GROUP, kind: 'Gateway' });
      // A Service parent (mesh routing, GAMMA) may live in another namespace without a ReferenceGrant.
      if (isCoreService(ref)) checkRef(ref, ['spec', 'parentRefs', i, 'name'], false);
    });
    list(field(route.raw, 'spec', 'rules')).forEach((rule, i) => {
      list(field(rule, 'backendRefs')).forEach((raw, j) => {
        const ref = readRef(raw, { group: '', kind: 'Service' });
        if (isCoreService(ref)) checkRef(ref, ['spec', 'rules', i, 'backendRefs', j, 'name'], true);
      });
    });
    return findings;
  },
};
